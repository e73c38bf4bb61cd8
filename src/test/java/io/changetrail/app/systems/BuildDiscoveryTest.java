package io.changetrail.app.systems;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.TestRepo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildDiscoveryTest {
  private static BuildDiscovery.Discovered discover(Map<String, String> files) {
    return new BuildDiscovery(
            List.copyOf(new java.util.TreeSet<>(files.keySet())),
            path -> Optional.ofNullable(files.get(path)))
        .discover();
  }

  private static Map<String, List<String>> deps(BuildDiscovery.Discovered discovered) {
    Map<String, List<String>> deps = new HashMap<>();
    discovered.modules().forEach(m -> deps.put(m.name(), m.dependsOn()));
    return deps;
  }

  @Test
  void mavenModulesWithDependenciesAndParent() {
    Map<String, String> files = new HashMap<>();
    files.put(
        "pom.xml",
        "<project><artifactId>platform</artifactId><modules><module>common</module>"
            + "<module>apps/router</module></modules></project>");
    files.put("common/pom.xml", TestRepo.modulePom("common"));
    files.put("apps/router/pom.xml", TestRepo.modulePom("router", "common", "junit"));
    files.put("mvnw", "");
    BuildDiscovery.Discovered discovered = discover(files);
    assertThat(discovered.source()).isEqualTo("Maven modules");
    assertThat(deps(discovered))
        .containsEntry("router", List.of("common", "platform"))
        .containsEntry("common", List.of("platform"))
        .containsEntry("platform", List.of());
    BuildDiscovery.Module router =
        discovered.modules().stream()
            .filter(m -> m.name().equals("router"))
            .findFirst()
            .orElseThrow();
    assertThat(router.dir()).isEqualTo("apps/router");
    assertThat(router.tests()).containsExactly("./mvnw -pl apps/router -am verify");
  }

  @Test
  void gradleProjects() {
    Map<String, String> files = new HashMap<>();
    files.put(
        "settings.gradle.kts", "rootProject.name = \"x\"\ninclude(\"common\", \":router\")\n");
    files.put("router/build.gradle.kts", "dependencies { implementation(project(\":common\")) }\n");
    files.put("common/build.gradle.kts", "");
    BuildDiscovery.Discovered discovered = discover(files);
    assertThat(discovered.source()).isEqualTo("Gradle projects");
    assertThat(deps(discovered))
        .containsEntry("router", List.of("common"))
        .containsEntry("common", List.of());
  }

  @Test
  void npmWorkspaces() {
    Map<String, String> files = new HashMap<>();
    files.put("package.json", "{\"workspaces\": [\"packages/*\"]}");
    files.put(
        "packages/ui/package.json",
        "{\"name\": \"@acme/ui\", \"dependencies\": {\"@acme/api\": \"1\", \"react\": \"18\"}}");
    files.put("packages/api/package.json", "{\"name\": \"@acme/api\"}");
    BuildDiscovery.Discovered discovered = discover(files);
    assertThat(discovered.source()).isEqualTo("npm workspaces");
    assertThat(deps(discovered)).containsEntry("@acme/ui", List.of("@acme/api"));
  }

  @Test
  void goModules() {
    Map<String, String> files = new HashMap<>();
    files.put("feed/go.mod", "module acme.io/feed\n\ngo 1.22\n\nrequire acme.io/common v0.0.0\n");
    files.put("common/go.mod", "module acme.io/common\n\ngo 1.22\n");
    BuildDiscovery.Discovered discovered = discover(files);
    assertThat(discovered.source()).isEqualTo("Go modules");
    assertThat(deps(discovered)).containsEntry("feed", List.of("common"));
  }

  @Test
  void topLevelFoldersAsALastResort() {
    Map<String, String> files = new HashMap<>();
    files.put("router/main.py", "");
    files.put("risk/main.py", "");
    files.put(".github/workflows/ci.yml", "");
    files.put("README.md", "");
    BuildDiscovery.Discovered discovered = discover(files);
    assertThat(discovered.source()).isEqualTo("top-level folders");
    assertThat(discovered.modules())
        .extracting(BuildDiscovery.Module::name)
        .containsExactly("risk", "router");
  }

  @Test
  void brokenPomFallsBackWithoutFailing() {
    Map<String, String> files = new HashMap<>();
    files.put("pom.xml", "<project><modules><module>a</module>");
    files.put("a/x.java", "");
    assertThat(discover(files).source()).isEqualTo("top-level folders");
  }
}
