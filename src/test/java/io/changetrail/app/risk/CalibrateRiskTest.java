package io.changetrail.app.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.app.Workspace;
import io.changetrail.domain.risk.JitFeature;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateRiskTest {
  @TempDir Path dir;

  private static final String ROOT_POM =
      "<project><modelVersion>4.0.0</modelVersion><groupId>acme</groupId>"
          + "<artifactId>platform</artifactId><version>1</version><packaging>pom</packaging>"
          + "<modules><module>core</module><module>app</module></modules></project>";

  @Test
  void eachCommitIsAssessedWithTheSystemsOfItsOwnBuildNotTodays() {
    TestRepo repo =
        TestRepo.init(dir)
            .file("pom.xml", ROOT_POM)
            .file("core/pom.xml", TestRepo.modulePom("core"))
            .file("app/pom.xml", TestRepo.modulePom("app"))
            .file("core/src/main/java/acme/Core.java", "class Core {}\n")
            .file("app/src/main/java/acme/App.java", "class App {}\n")
            .commit("FEATURE: core and app");
    repo.file("core/src/main/java/acme/Core.java", "class Core { int a; }\n")
        .commit("ENHANCEMENT: core before app used it");
    String before = repo.head();
    repo.file("app/pom.xml", TestRepo.modulePom("app", "core")).commit("GENERAL: app uses core");
    repo.file("core/src/main/java/acme/Core.java", "class Core { int a, b; }\n")
        .commit("ENHANCEMENT: core after app used it");
    String after = repo.head();

    CalibrateRisk.Walk walk =
        new CalibrateRisk(Workspace.open(dir))
            .walk(
                new CalibrateRisk.Request("HEAD", null, 0, null, null, false, null),
                CalibrateRisk.Progress.NONE);

    Map<String, Double> dependents =
        walk.pending().stream()
            .collect(
                Collectors.toMap(
                    CalibrateRisk.Pending::sha, p -> p.features().get(JitFeature.DEPENDENTS)));
    // today's build says app depends on core; the commit before that change did not know it
    assertThat(dependents.get(before)).isZero();
    assertThat(dependents.get(after)).isEqualTo(1.0);
  }
}
