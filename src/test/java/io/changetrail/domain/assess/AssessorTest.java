package io.changetrail.domain.assess;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.change.ChangeSet;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.domain.system.SystemDefinition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssessorTest {
  private static final SystemCatalog CATALOG =
      new SystemCatalog(
          List.of(
              new SystemDefinition(
                  "order-router",
                  List.of("order-router/"),
                  1,
                  List.of("@routing"),
                  List.of("mvn -pl order-router verify"),
                  "redeploy previous",
                  true,
                  List.of("common", "risk-engine")),
              new SystemDefinition(
                  "risk-engine",
                  List.of("risk-engine/"),
                  1,
                  List.of("@risk"),
                  List.of("mvn -pl risk-engine verify"),
                  "",
                  false,
                  List.of("common")),
              new SystemDefinition(
                  "common", List.of("common/"), 2, List.of(), List.of(), "", false, List.of()),
              new SystemDefinition(
                  "reports", List.of("reports/"), 4, List.of(), List.of(), "", false, List.of())),
          "test");
  private final Assessor assessor = new Assessor(AssessmentPolicy.defaults(CATALOG));

  private Assessment assess(String description, FileChange... files) {
    return assessor.assess(new ChangeSet("test", List.of(files), List.of(), description));
  }

  private static FileChange modified(String path, int add, int del) {
    return FileChange.of(path, FileStatus.MODIFIED, add, del);
  }

  @Test
  void smallTestedFixInATierFourSystemIsLow() {
    Assessment a =
        assess(
            "BUGFIX: wrong column",
            modified("reports/src/main/java/Report.java", 2, 1),
            modified("reports/src/test/java/ReportTest.java", 5, 0));
    assertThat(a.risk().level()).isEqualTo(Level.LOW);
    assertThat(a.rollback().level()).isEqualTo(Level.LOW);
    assertThat(a.documentation().requirements())
        .extracting(DocumentationRequirement::section)
        .containsExactly(
            Section.CONTEXT_AND_RATIONALE,
            Section.CHANGES_MADE,
            Section.IMPACT_ASSESSMENT,
            Section.TESTING_AND_VERIFICATION);
  }

  @Test
  void everyFactorIsListedWithItsWeightAndTheScoreIsTheirSum() {
    Assessment a =
        assess(
            "FEATURE: intraday limits",
            modified("risk-engine/src/main/java/Check.java", 80, 10),
            FileChange.of(
                "risk-engine/src/main/resources/db/migration/V2__x.sql", FileStatus.ADDED, 20, 0),
            modified("risk-engine/config/limits.yml", 2, 1));
    assertThat(a.risk().factors())
        .extracting(RiskFactor::id)
        .contains(
            "tier",
            "type",
            "size",
            "sensitive:db-migration",
            "sensitive:trading-limits",
            "dependents")
        .doesNotContain("untested");
    assertThat(a.risk().score())
        .isEqualTo(a.risk().factors().stream().mapToInt(RiskFactor::weight).sum());
    assertThat(a.risk().level()).isEqualTo(Level.HIGH);
    assertThat(a.rollback().level()).isEqualTo(Level.HIGH);
    assertThat(a.documentation().requires(Section.ROLLBACK_PROCEDURE)).isTrue();
    assertThat(a.documentation().requires(Section.BUSINESS_DRIVER)).isTrue();
    assertThat(a.testing())
        .extracting(TestingRequirement::kind)
        .contains(
            TestingRequirement.TestKind.SYSTEM, // with the dependents' runs, one reactor build
            TestingRequirement.TestKind.ROLLBACK_REHEARSAL,
            TestingRequirement.TestKind.SENSITIVE_PATH,
            TestingRequirement.TestKind.MISSING_TESTS);
  }

  // commitlint's last 300 commits: 83 of 115 HIGH were dependency bumps, HIGH from the size of
  // pnpm-lock.yaml alone (+247 -89) that nobody writes or reviews line by line
  @Test
  void lockfileLinesAreNotLinesToReview() {
    Assessment bump =
        assess(
            "chore(deps): update dependency typescript to v5.9.3",
            modified("reports/package.json", 1, 1),
            modified("pnpm-lock.yaml", 247, 89));
    Assessment code = assess("chore(deps): more code", modified("reports/package.json", 248, 90));
    assertThat(bump.risk().score()).isLessThan(code.risk().score());
    assertThat(bump.risk().level()).isEqualTo(Level.LOW);
    assertThat(bump.risk().factors())
        .filteredOn(f -> f.id().equals("size"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.description())
                    .startsWith("1 line(s) added and 1 deleted")
                    .contains("336 lockfile line(s) not counted: generated"));
    assertThat(bump.stats().additions())
        .as("the change's own figures are unchanged")
        .isEqualTo(248);
  }

  @Test
  void everyFactorThatRaisesTheRiskSaysWhatWouldLowerIt() {
    Assessment a =
        assess(
            "FEATURE: intraday limits\n\nBREAKING CHANGE: the limits file changes shape",
            modified("risk-engine/src/main/java/Check.java", 400, 10),
            modified("order-router/src/main/java/Router.java", 3, 1),
            FileChange.of(
                "risk-engine/src/main/resources/db/migration/V2__x.sql", FileStatus.ADDED, 20, 0),
            FileChange.of("common/src/main/java/Old.java", FileStatus.DELETED, 0, 30));
    assertThat(a.risk().factors()).isNotEmpty();
    for (RiskFactor factor : a.risk().factors()) {
      if (factor.weight() > 0) {
        assertThat(factor.description()).as(factor.id()).contains("; to lower it: ");
      }
    }
    assertThat(a.risk().factors())
        .filteredOn(f -> f.id().equals("breadth"))
        .singleElement()
        .satisfies(f -> assertThat(f.description()).endsWith("one change per system"));
    assertThat(a.risk().factors())
        .filteredOn(f -> f.id().equals("tier"))
        .singleElement()
        .satisfies(f -> assertThat(f.description()).contains("stage the rollout of"));
  }

  // activemq: the remedy of a change to a shared module repeated all 35 dependents' names
  @Test
  void theDependentsRemedyNamesAFewAndCountsMany() {
    List<SystemDefinition> systems = new ArrayList<>();
    systems.add(
        new SystemDefinition(
            "core", List.of("core/"), 2, List.of(), List.of(), "", false, List.of()));
    for (int i = 1; i <= 5; i++) {
      systems.add(
          new SystemDefinition(
              "module-" + i,
              List.of("module-" + i + "/"),
              3,
              List.of(),
              List.of(),
              "",
              false,
              List.of("core")));
    }
    Assessor many = new Assessor(AssessmentPolicy.defaults(new SystemCatalog(systems, "test")));
    Assessment a =
        many.assess(
            new ChangeSet(
                "test", List.of(modified("core/src/main/java/Money.java", 1, 1)), List.of(), "x"));
    RiskFactor dependents =
        a.risk().factors().stream()
            .filter(f -> f.id().equals("dependents"))
            .findFirst()
            .orElseThrow();
    String remedy =
        dependents.description().substring(dependents.description().indexOf("to lower it"));
    assertThat(remedy).contains("these 5 systems").doesNotContain("module-1");
    assertThat(dependents.description()).contains("module-1, module-2");

    Assessment few = assess("fix rounding", modified("common/src/main/java/Money.java", 1, 1));
    assertThat(few.risk().factors())
        .filteredOn(f -> f.id().equals("dependents"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.description()).contains("to lower it: run the tests of order-router"));
  }

  @Test
  void dependentsThroughTheBuildAreIndirectWithTheirPath() {
    Assessment a = assess("fix rounding", modified("common/src/main/java/Money.java", 1, 1));
    assertThat(a.directSystems()).extracting(AffectedSystem::name).containsExactly("common");
    assertThat(a.indirectSystems())
        .extracting(AffectedSystem::name, AffectedSystem::dependencyPath)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("order-router", List.of("common", "order-router")),
            org.assertj.core.groups.Tuple.tuple("risk-engine", List.of("common", "risk-engine")));
    assertThat(a.testing())
        .filteredOn(t -> t.kind() == TestingRequirement.TestKind.REGRESSION)
        .extracting(TestingRequirement::command)
        .containsExactly("mvn -pl order-router,risk-engine verify"); // one reactor build
    assertThat(a.testing())
        .filteredOn(t -> t.kind() == TestingRequirement.TestKind.PERFORMANCE)
        .extracting(TestingRequirement::system)
        .containsExactly("order-router");
  }

  @Test
  void testOnlyChangesDoNotPropagateOrCountTheTier() {
    Assessment a = assess("more tests", modified("common/src/test/java/MoneyTest.java", 30, 0));
    assertThat(a.indirectSystems()).isEmpty();
    assertThat(a.risk().factors()).extracting(RiskFactor::id).doesNotContain("tier", "untested");
    assertThat(a.risk().level()).isEqualTo(Level.LOW);
  }

  @Test
  void documentationOnlyNeedsOnlyAReview() {
    Assessment a = assess("runbook", FileChange.of("docs/runbook.md", FileStatus.ADDED, 40, 0));
    assertThat(a.classification().scope()).isEqualTo(ChangeScope.DOCUMENTATION_ONLY);
    assertThat(a.testing())
        .extracting(TestingRequirement::kind)
        .containsExactly(TestingRequirement.TestKind.REVIEW);
    assertThat(a.systems()).extracting(AffectedSystem::name).containsExactly(Assessor.UNASSIGNED);
  }

  @Test
  void twoMediumRollbackComplicationsMakeItHigh() {
    Assessment a =
        assess(
            "CONFIGURATION: new limits and deploy",
            modified("risk-engine/config/limits.yml", 1, 1),
            modified("deploy/prod.yml", 1, 1));
    assertThat(a.rollback().level()).isEqualTo(Level.HIGH);
    assertThat(a.rollback().reasons().get(0).reason()).contains("combine");
  }

  @Test
  void deletionsAndBreadthComplicateRollback() {
    Assessment a =
        assess(
            "CLEANUP: remove the old adapters",
            FileChange.of("order-router/src/main/java/Old.java", FileStatus.DELETED, 0, 100),
            modified("risk-engine/src/main/java/A.java", 1, 1),
            modified("common/src/main/java/B.java", 1, 1));
    assertThat(a.rollback().reasons())
        .extracting(RollbackAssessment.Reason::reason)
        .anyMatch(r -> r.contains("deleted"))
        .anyMatch(r -> r.contains("3 systems change at once"));
    assertThat(a.documentation().requirements())
        .extracting(DocumentationRequirement::item)
        .contains(
            "Removed components inventory",
            "Configuration cleanup documentation",
            "System verification after cleanup",
            "Rollback procedure documentation");
    assertThat(
            a.documentation()
                .item("Configuration cleanup documentation")
                .orElseThrow()
                .notApplicable())
        .contains("no configuration file is among the changed files");
    assertThat(a.documentation().requires(Section.ROLLBACK_PROCEDURE)).isTrue();
  }

  @Test
  void integrationChangesNeedTheMethodologysThreeItemsWhateverTheRollbackComplexity() {
    Assessment a =
        assess(
            "INTEGRATION: connect to the new venue gateway",
            modified("order-router/src/main/java/Gateway.java", 10, 0),
            modified("order-router/src/test/java/GatewayTest.java", 10, 0));
    assertThat(a.rollback().level()).isEqualTo(Level.LOW);
    assertThat(a.documentation().requirements())
        .extracting(DocumentationRequirement::item)
        .contains(
            "Integration architecture documentation",
            "Deployment procedure documentation",
            "Rollback procedure documentation");
    assertThat(a.documentation().requires(Section.DEPLOYMENT_INFORMATION)).isTrue();
    assertThat(a.documentation().requires(Section.ROLLBACK_PROCEDURE)).isTrue();
  }

  @Test
  void thresholdsAndWeightsComeFromThePolicy() {
    RiskModel lenient =
        new RiskModel(
            List.of(0, 0, 0, 0),
            java.util.Map.of(),
            100,
            10,
            500,
            20,
            0,
            10,
            0,
            120,
            8,
            24,
            5,
            15,
            0,
            5,
            15,
            30,
            60);
    Assessor custom = new Assessor(new AssessmentPolicy(CATALOG, List.of(), lenient, 4));
    Assessment a =
        custom.assess(
            new ChangeSet(
                "t",
                List.of(modified("order-router/src/main/java/A.java", 1, 1)),
                List.of(),
                "FEATURE: x"));
    assertThat(a.risk().level()).isEqualTo(Level.LOW);
    assertThat(a.risk().score()).isZero();
  }

  @Test
  void sameInputGivesAnEqualAssessment() {
    List<FileChange> files = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      files.add(
          modified(
              (i % 2 == 0 ? "common/" : "order-router/") + "src/main/java/F" + i + ".java", i, 1));
    }
    ChangeSet change = new ChangeSet("t", files, List.of(), "ENHANCEMENT: speed");
    assertThat(assessor.assess(change)).isEqualTo(assessor.assess(change));
    assertThat(new Assessor(AssessmentPolicy.defaults(CATALOG)).assess(change))
        .isEqualTo(assessor.assess(change));
  }

  @Test
  void renameIntoASensitiveFolderIsSeenByItsOldAndNewPath() {
    Assessment a =
        assess(
            "move",
            new FileChange(
                "risk-engine/src/main/resources/db/migration/V3.sql",
                "risk-engine/tmp/V3.sql",
                FileStatus.RENAMED,
                0,
                0,
                false,
                false));
    assertThat(a.risk().factors()).extracting(RiskFactor::id).contains("sensitive:db-migration");
    assertThat(a.stats().renamed()).isEqualTo(1);
  }

  @Test
  void textAndMarkdownRenderEveryPart() {
    Assessment a =
        assess(
            "FEATURE: intraday <limits>",
            modified("risk-engine/src/main/java/Check.java", 80, 10),
            modified("risk-engine/config/limits.yml", 2, 1));
    String text = AssessmentRenderer.text(a);
    assertThat(text)
        .contains(
            "Change type          FEATURE",
            "Risk                 HIGH",
            "risk-engine",
            "Rollback complexity",
            "Documentation required",
            "Rollback Procedure");
    String markdown = AssessmentRenderer.markdown(a);
    assertThat(markdown)
        .contains(
            "## Change impact assessment",
            "| Risk | **HIGH**",
            "### Risk factors",
            "intraday \\<limits\\>");
  }
}
