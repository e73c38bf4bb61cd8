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
        .containsEntry("common", List.of())
        .containsEntry("x", List.of());
  }

  /** Shaped like mockito's settings.gradle.kts: one include per line and multi-line includes. */
  @Test
  void gradleKotlinSettingsWithMultiLineAndRepeatedIncludes() {
    Map<String, String> files = new HashMap<>();
    files.put(
        "settings.gradle.kts",
        String.join(
            "\n",
            "plugins {",
            "    id(\"com.gradle.develocity\") version \"4.2\"",
            "}",
            "include(\"mockito-core\")",
            "// BOM project",
            "include(\"mockito-bom\")",
            "// include(\"commented-out\")",
            "include(",
            "    \"mockito-extensions:mockito-errorprone\",",
            "    \"mockito-extensions:mockito-junit-jupiter\",",
            ")",
            "/* include(\"also-commented\") */",
            "if (providers.environmentVariable(\"ANDROID_HOME\").isPresent) {",
            "    include(\"mockito-extensions:mockito-android\")",
            "}",
            "include(\"legacy\")",
            "project(\":legacy\").projectDir = file(\"old/legacy-module\")",
            "includeBuild(\"build-logic\")",
            "rootProject.name = \"mockito\""));
    files.put("build.gradle.kts", "subprojects { repositories { mavenCentral() } }\n");
    files.put("mockito-core/build.gradle.kts", "plugins { java }\n");
    files.put(
        "mockito-extensions/mockito-junit-jupiter/build.gradle.kts",
        "dependencies {\n  api(project.project(\":mockito-core\"))\n"
            + "  testImplementation(projects.mockitoExtensions.mockitoErrorprone)\n}\n");
    files.put(
        "old/legacy-module/build.gradle",
        "dependencies { implementation project(path: ':mockito-core', configuration: 'x') }\n");
    files.put("build-logic/settings.gradle.kts", "");
    BuildDiscovery.Discovered discovered = discover(files);
    assertThat(discovered.source()).isEqualTo("Gradle projects");
    Map<String, List<String>> deps = deps(discovered);
    assertThat(deps.keySet())
        .containsExactlyInAnyOrder(
            "mockito",
            "mockito-core",
            "mockito-bom",
            "mockito-extensions",
            "mockito-extensions:mockito-errorprone",
            "mockito-extensions:mockito-junit-jupiter",
            "mockito-extensions:mockito-android",
            "legacy",
            "build-logic");
    assertThat(deps.get("mockito-extensions:mockito-junit-jupiter"))
        .containsExactly("mockito", "mockito-core", "mockito-extensions:mockito-errorprone");
    assertThat(deps.get("legacy")).containsExactly("mockito", "mockito-core");
    BuildDiscovery.Module legacy =
        discovered.modules().stream()
            .filter(m -> m.name().equals("legacy"))
            .findFirst()
            .orElseThrow();
    assertThat(legacy.paths()).containsExactly("/old/legacy-module/");
  }

  /** Shaped like mockito's settings of 2024: folders and build file names computed per project. */
  @Test
  void gradleProjectFoldersComputedForEveryChild() {
    Map<String, String> files = new HashMap<>();
    files.put(
        "settings.gradle.kts",
        String.join(
            "\n",
            "include(\"subclass\", \"junit-jupiter\")",
            "rootProject.name = \"mockito\"",
            "rootProject.children.forEach { project ->",
            "    val projectDirName = \"subprojects/${project.name}\"",
            "    project.projectDir = File(settingsDir, projectDirName)",
            "    project.buildFileName = \"${project.name}.gradle\"",
            "}"));
    files.put(
        "subprojects/junit-jupiter/junit-jupiter.gradle",
        "dependencies { implementation project.rootProject }\n"
            + "dependencies { api project(':subclass') }\n");
    BuildDiscovery.Discovered discovered = discover(files);
    Map<String, String> dirs = new HashMap<>();
    discovered.modules().forEach(m -> dirs.put(m.name(), m.dir()));
    assertThat(dirs)
        .containsEntry("subclass", "subprojects/subclass")
        .containsEntry("junit-jupiter", "subprojects/junit-jupiter");
    assertThat(deps(discovered).get("junit-jupiter")).containsExactly("subclass");
  }

  /** Groovy settings: `include 'a', 'b',` continued over lines, several includes. */
  @Test
  void gradleGroovySettingsWithContinuedIncludes() {
    Map<String, String> files = new HashMap<>();
    files.put(
        "settings.gradle",
        "rootProject.name = 'platform'\n"
            + "include 'common',\n"
            + "        ':risk-engine',\n"
            + "        'apps:router'\n"
            + "include ':tools'\n"
            + "project(':tools').projectDir = new File(rootDir, 'buildtools/tools')\n");
    files.put("apps/router/build.gradle", "dependencies { implementation project(':common') }\n");
    BuildDiscovery.Discovered discovered = discover(files);
    assertThat(deps(discovered).keySet())
        .containsExactlyInAnyOrder(
            "platform", "common", "risk-engine", "apps", "apps:router", "tools");
    assertThat(deps(discovered).get("apps:router")).containsExactly("common");
    assertThat(
            discovered.modules().stream()
                .filter(m -> m.name().equals("tools"))
                .findFirst()
                .orElseThrow()
                .dir())
        .isEqualTo("buildtools/tools");
  }

  /** Includes whose projects are computed cannot be read as text: discovery says so. */
  @Test
  void computedGradleIncludesAreReportedNotDropped() {
    Map<String, String> files = new HashMap<>();
    files.put(
        "settings.gradle.kts",
        String.join(
            "\n",
            "rootProject.name = \"platform\"",
            "include(\"core\")",
            "listOf(\"router\", \"risk\").forEach { include(it) }",
            "val tools = file(\"tools\").listFiles()!!.map { it.name }",
            "include(*tools.toTypedArray())",
            "include(\":plugins:${pluginName}\")",
            "includeBuild(\"build-logic\")"));
    BuildDiscovery.Discovered discovered = discover(files);
    assertThat(deps(discovered).keySet())
        .containsExactlyInAnyOrder("platform", "core", "build-logic");
    assertThat(discovered.notes())
        .hasSize(3)
        .allMatch(note -> note.startsWith("settings.gradle.kts: include("))
        .allMatch(note -> note.contains("names its projects by code, not literally"));
    assertThat(String.join("\n", discovered.notes()))
        .contains(
            "include(it)", "include(*tools.toTypedArray())", "include(\":plugins:${pluginName}\")");
  }

  @Test
  void literalGradleIncludesLeaveNoNote() {
    for (String settings :
        List.of(
            "include(\"a\")\n// c\ninclude(\n    \"b:c\",\n    \"d\",\n)\n"
                + "if (System.getenv(\"X\") != null) {\n    include(\"e\")\n}\n"
                + "includeBuild(\"../other\") { name = \"o\" }\n",
            "include 'a', ':b',\n        'c'\ninclude ':d'; include 'e'\nincludeFlat 'f'\n")) {
      Map<String, String> files = new HashMap<>();
      files.put("settings.gradle", settings);
      assertThat(discover(files).notes()).as(settings).isEmpty();
    }
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

  /** Shaped like commitlint: pnpm-workspace.yaml names the packages, package.json does not. */
  @Test
  void pnpmWorkspaces() {
    Map<String, String> files = new HashMap<>();
    files.put("package.json", "{\"name\": \"@commitlint/root\", \"private\": true}");
    files.put(
        "pnpm-workspace.yaml",
        "packages:\n  - \"@commitlint/*\"\n  - '@packages/*'   # tools\n\nallowBuilds:\n"
            + "  esbuild: false\n");
    files.put(
        "@commitlint/cli/package.json",
        "{\"name\": \"@commitlint/cli\", \"dependencies\": {\"@commitlint/lint\": \"^19\"}}");
    files.put("@commitlint/lint/package.json", "{\"name\": \"@commitlint/lint\"}");
    files.put("@packages/utils/package.json", "{\"name\": \"@packages/utils\"}");
    files.put("docs/package.json", "{\"name\": \"docs\"}");
    BuildDiscovery.Discovered discovered = discover(files);
    assertThat(discovered.source()).isEqualTo("npm workspaces");
    assertThat(deps(discovered))
        .containsOnlyKeys(
            "@commitlint/root", "@commitlint/cli", "@commitlint/lint", "@packages/utils")
        .containsEntry("@commitlint/cli", List.of("@commitlint/lint"));
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
