package io.changetrail.domain.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathGlobTest {
  @Test
  void starStaysInOneFolderAndDoubleStarCrossesFolders() {
    assertThat(PathGlob.compile("src/*.java").matches("src/A.java")).isTrue();
    assertThat(PathGlob.compile("src/*.java").matches("src/a/A.java")).isFalse();
    assertThat(PathGlob.compile("src/**/*.java").matches("src/A.java")).isTrue();
    assertThat(PathGlob.compile("src/**/*.java").matches("src/a/b/A.java")).isTrue();
    assertThat(PathGlob.compile("**/db/migration/**").matches("x/src/db/migration/V1.sql"))
        .isTrue();
  }

  @Test
  void patternWithoutSlashMatchesNameAnywhereAndTrailingSlashMatchesBelow() {
    assertThat(PathGlob.compile("*.sql").matches("a/b/V1.sql")).isTrue();
    assertThat(PathGlob.compile("pom.xml").matches("common/pom.xml")).isTrue();
    assertThat(PathGlob.compile("/pom.xml").matches("common/pom.xml")).isFalse();
    assertThat(PathGlob.compile("order-router/").matches("order-router/src/A.java")).isTrue();
    assertThat(PathGlob.compile("order-router/").matches("order-router-ui/A.java")).isFalse();
  }

  @Test
  void bracesAreAlternativesAndRegexCharactersAreLiteral() {
    PathGlob glob = PathGlob.compile("*limit*.{yml,json}");
    assertThat(glob.matches("risk/limits.yml")).isTrue();
    assertThat(glob.matches("risk/limits.json")).isTrue();
    assertThat(glob.matches("risk/limits.xml")).isFalse();
    assertThat(PathGlob.compile("a+b(1).txt").matches("a+b(1).txt")).isTrue();
    assertThatThrownBy(() -> PathGlob.compile("{a,b")).hasMessageContaining("unclosed");
  }

  @Test
  void catalogPrefersTheMostSpecificPatternAndFindsTransitiveDependents() {
    SystemCatalog catalog =
        new SystemCatalog(
            List.of(
                system("platform", List.of("/"), List.of()),
                system("common", List.of("common/"), List.of()),
                system("risk", List.of("risk/"), List.of("common")),
                system("router", List.of("router/"), List.of("risk"))),
            "test");
    assertThat(catalog.systemOf("common/A.java").orElseThrow().name()).isEqualTo("common");
    assertThat(catalog.systemOf("README.md").orElseThrow().name()).isEqualTo("platform");
    assertThat(catalog.dependentsOf(List.of("common")))
        .isEqualTo(
            Map.of(
                "risk", List.of("common", "risk"), "router", List.of("common", "risk", "router")));
  }

  private static SystemDefinition system(String name, List<String> paths, List<String> deps) {
    return new SystemDefinition(name, paths, 2, List.of(), List.of(), "", false, deps);
  }
}
