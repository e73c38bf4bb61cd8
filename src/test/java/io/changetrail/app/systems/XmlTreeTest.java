package io.changetrail.app.systems;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The element tree build discovery reads poms with: what a DOM of the same text would give. */
class XmlTreeTest {

  @Test
  void textContentJoinsTextCdataAndNestedElementsAndLeavesCommentsOut() {
    XmlTree.Element project =
        XmlTree.parse(
                "<?xml version=\"1.0\"?>\n<project a='x>y'><artifactId>a<!-- no -->b<![CDATA[<c>]]>"
                    + "<x>d</x>&lt;&amp;&#65;</artifactId><artifactId>second</artifactId></project>")
            .orElseThrow();
    assertThat(project.name()).isEqualTo("project");
    assertThat(project.child("artifactId").orElseThrow().textContent()).isEqualTo("ab<c>d<&A");
    assertThat(project.children("artifactId")).hasSize(2);
    assertThat(project.child("groupId")).isEmpty();
  }

  @Test
  void namesAreAsWrittenWithTheirPrefixes() {
    XmlTree.Element project =
        XmlTree.parse(
                "<p:project xmlns:p='urn:x'><p:artifactId>a</p:artifactId>"
                    + "<artifactId>b</artifactId></p:project>")
            .orElseThrow();
    assertThat(project.name()).isEqualTo("p:project");
    assertThat(project.child("artifactId").orElseThrow().textContent()).isEqualTo("b");
    assertThat(project.child("p:artifactId").orElseThrow().textContent()).isEqualTo("a");
  }

  @Test
  void aDocumentThatIsNotWellFormedOrHasADtdIsNotRead() {
    assertThat(XmlTree.parse("<project><artifactId>a</artifactId>")).isEmpty();
    assertThat(XmlTree.parse("<project/><second/>")).isEmpty();
    assertThat(XmlTree.parse("<project></other>")).isEmpty();
    assertThat(XmlTree.parse("")).isEmpty();
    assertThat(XmlTree.parse("<project/> trailing")).isEmpty();
    assertThat(XmlTree.parse("<!DOCTYPE project><project/>")).isEmpty();
    assertThat(
            XmlTree.parse(
                "<!DOCTYPE p [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><project>&e;</project>"))
        .isEmpty();
    assertThat(XmlTree.parse("<project>&undeclared;</project>")).isEmpty();
  }
}
