package io.changetrail.domain.system;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The literal shortcuts of {@link PathGlob#matches} (equality, prefix, file name, and the literal
 * checks before the regular expression) decide exactly as the regular expression alone.
 */
class PathGlobShortcutProperties {

  @Property(tries = 5000)
  void shortcutsAgreeWithTheRegularExpression(
      @ForAll("patterns") String pattern, @ForAll("paths") String path) {
    PathGlob glob;
    try {
      glob = PathGlob.compile(pattern);
    } catch (IllegalArgumentException unclosedBrace) {
      Assume.that(false);
      return;
    }
    assertThat(glob.matches(path)).as(pattern + " ~ " + path).isEqualTo(glob.matchesByRegex(path));
  }

  @Property(tries = 2000)
  void shortcutsAgreeOnPathsMadeFromThePattern(@ForAll("patterns") String pattern) {
    PathGlob glob;
    try {
      glob = PathGlob.compile(pattern);
    } catch (IllegalArgumentException unclosedBrace) {
      Assume.that(false);
      return;
    }
    // paths that share the pattern's literal text, so the checks after the shortcuts are reached
    String literal = pattern.replaceAll("[*?{},]", "");
    for (String path :
        new String[] {
          literal, "a/" + literal, literal + "/b", "x" + literal, literal.replace("/", "//"), "/"
        }) {
      assertThat(glob.matches(path))
          .as(pattern + " ~ " + path)
          .isEqualTo(glob.matchesByRegex(path));
    }
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.of(
            "a", "b", "ab", ".", "/", "*", "**", "**/", "?", "{", "}", ",", "{a,b}", "{x/y,b}")
        .list()
        .ofMinSize(1)
        .ofMaxSize(7)
        .map(parts -> String.join("", parts))
        .filter(p -> !p.isBlank());
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("a", "b", "ab", ".", "/", "x", "y", ",", "{", "}", "*")
        .list()
        .ofMinSize(0)
        .ofMaxSize(8)
        .map(parts -> String.join("", parts));
  }
}
