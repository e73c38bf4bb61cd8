package io.changetrail.app.systems;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a keyword's calls are found in a Gradle script. */
class GradleBuildTest {

  @Test
  void aKeywordIsFoundOnlyAsAWordOfItsOwn() {
    String settings =
        "include 'a'\n"
            + "xinclude 'b'\n"
            + "foo.include 'c'\n"
            + "include_x 'd'\n"
            + "include2 'g'\n"
            + "include('e', \"f(\")\n"
            + "includeBuild 'h'\n"
            + "(include 'i',\n  'j')\n"
            + "includeinclude 'k' include";
    assertThat(GradleBuild.arguments(settings, "include"))
        .containsExactly("'a'\n", "'e', \"f(\"", "'i',\n  'j')\n", "");
    assertThat(GradleBuild.arguments(settings, "includeBuild")).containsExactly("'h'\n");
  }
}
