package io.changetrail.domain.assess;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a header, the files and the diff say what kind of change it is. */
class FileEvidenceTypeTest {
  private final ChangeClassifier classifier = new ChangeClassifier();

  private static FileChange modified(String path) {
    return FileChange.of(path, FileStatus.MODIFIED, 1, 1);
  }

  @Test
  void aManifestOnlyBumpIsADependencyChangeNotAnEnhancement() {
    Classification bump =
        classifier.classify(
            "Bump jackson-databind from 2.17.1 to 2.17.2\n\nUpdates the requirements.",
            List.of(modified("pom.xml"), modified("core/pom.xml")));
    assertThat(bump.type()).isEqualTo(ChangeType.CONFIGURATION);
    assertThat(bump.scope()).isEqualTo(ChangeScope.DEPENDENCIES_ONLY);
    assertThat(bump.evidence().get(0)).contains("dependency bump");
    Classification lockfiles =
        classifier.classify(
            "update dependency typescript to v5.6.2",
            List.of(modified("package.json"), modified("yarn.lock")));
    assertThat(lockfiles.type()).isEqualTo(ChangeType.CONFIGURATION);
    Classification catalog =
        classifier.classify(
            "add new version of junit", List.of(modified("gradle/libs.versions.toml")));
    assertThat(catalog.type()).isEqualTo(ChangeType.CONFIGURATION);
  }

  @Test
  void aBumpThatClosesAVulnerabilityIsSecurity() {
    Classification bump =
        classifier.classify(
            "update netty to 4.1.115 for CVE-2024-47535", List.of(modified("build.gradle.kts")));
    assertThat(bump.type()).isEqualTo(ChangeType.SECURITY);
    assertThat(bump.scope()).isEqualTo(ChangeScope.DEPENDENCIES_ONLY);
  }

  @Test
  void ciPipelineOnlyIsConfiguration() {
    Classification ci =
        classifier.classify(
            "add Java 21 to the build matrix",
            List.of(modified(".github/workflows/ci.yml"), modified(".github/dependabot.yml")));
    assertThat(ci.type()).isEqualTo(ChangeType.CONFIGURATION);
    assertThat(ci.scope()).isEqualTo(ChangeScope.CI_ONLY);
  }

  @Test
  void aManifestBesideCodeIsJudgedByTheWords() {
    Classification mixed =
        classifier.classify(
            "add iceberg orders",
            List.of(modified("pom.xml"), modified("router/src/main/java/acme/Iceberg.java")));
    assertThat(mixed.type()).isEqualTo(ChangeType.FEATURE);
    assertThat(mixed.scope()).isEqualTo(ChangeScope.MIXED);
  }

  @Test
  void aDeclaredHeaderStillWins() {
    Classification declared =
        classifier.classify("feat: bump the API to v2", List.of(modified("package.json")));
    assertThat(declared.type()).isEqualTo(ChangeType.FEATURE);
  }
}
