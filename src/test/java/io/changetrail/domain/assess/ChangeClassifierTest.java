package io.changetrail.domain.assess;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeClassifierTest {
  private final ChangeClassifier classifier = new ChangeClassifier();
  private static final List<FileChange> CODE =
      List.of(FileChange.of("router/src/main/java/Router.java", FileStatus.MODIFIED, 3, 1));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "FEATURE: iceberg orders                  | FEATURE",
        "bugfix: halted venues                     | BUGFIX",
        "feat(router)!: iceberg orders             | FEATURE",
        "fix(risk): limit rounding                 | BUGFIX",
        "perf: faster book building                | ENHANCEMENT",
        "refactor: split the router                | ENHANCEMENT",
        "docs: runbook                             | GENERAL",
        "ci: cache maven                           | CONFIGURATION",
        "SECURITY: rotate session keys             | SECURITY",
        "HOTFIX: reject negative quantities        | BUGFIX",
      })
  void declaredHeaderTypeWins(String header, ChangeType expected) {
    Classification result = classifier.classify(header, CODE);
    assertThat(result.type()).isEqualTo(expected);
    assertThat(result.evidence().get(0)).startsWith("header declares");
  }

  @Test
  void breakingIsReadFromBangAndFooter() {
    assertThat(classifier.classify("feat(router)!: new API", CODE).breaking()).isTrue();
    assertThat(
            classifier
                .classify("feat: new API\n\nBREAKING CHANGE: the v1 endpoint is gone", CODE)
                .breaking())
        .isTrue();
    assertThat(classifier.classify("feat: new API", CODE).breaking()).isFalse();
  }

  @Test
  void keywordsMatchWholeWordsOnly() {
    Classification prefix = classifier.classify("Rename the symbol prefix table", CODE);
    assertThat(prefix.type()).isNotEqualTo(ChangeType.BUGFIX);
    Classification fixed = classifier.classify("Fixed rounding of fees", CODE);
    assertThat(fixed.type()).isEqualTo(ChangeType.BUGFIX);
    assertThat(fixed.evidence().get(0)).contains("'fix'");
  }

  @Test
  void inflectionsOfKeywordsCount() {
    assertThat(classifier.classify("Removes the legacy venue adapter code", CODE).type())
        .isIn(ChangeType.CLEANUP, ChangeType.INTEGRATION);
    assertThat(classifier.classify("Optimizing the matching loop", CODE).type())
        .isEqualTo(ChangeType.ENHANCEMENT);
    assertThat(classifier.classify("Implemented iceberg orders", CODE).type())
        .isEqualTo(ChangeType.FEATURE);
  }

  @Test
  void summaryWordsCountDouble() {
    Classification result =
        classifier.classify("Add a kill switch\n\nThis also fixes a typo.", CODE);
    assertThat(result.type()).isEqualTo(ChangeType.FEATURE);
  }

  @Test
  void securityWinsTiesOverFeature() {
    assertThat(classifier.classify("Add authentication", CODE).type())
        .isEqualTo(ChangeType.SECURITY);
  }

  @Test
  void uppercaseFixFollowedByProtocolWordIsAnIntegration() {
    Classification result = classifier.classify("Upgrade FIX session handling to 4.4", CODE);
    assertThat(result.type()).isEqualTo(ChangeType.INTEGRATION);
    assertThat(classifier.classify("fix session timeout", CODE).type())
        .isEqualTo(ChangeType.BUGFIX);
  }

  @Test
  void configurationOnlyChangesAreConfiguration() {
    Classification result =
        classifier.classify(
            "Raise the timeout",
            List.of(
                FileChange.of(
                    "router/src/main/resources/application.yml", FileStatus.MODIFIED, 1, 1),
                FileChange.of("config/venues.properties", FileStatus.MODIFIED, 1, 1)));
    assertThat(result.type()).isEqualTo(ChangeType.CONFIGURATION);
    assertThat(result.scope()).isEqualTo(ChangeScope.CONFIGURATION_ONLY);
  }

  @Test
  void deletionsOnlyAreCleanup() {
    Classification result =
        classifier.classify(
            "Old stuff", List.of(FileChange.of("legacy/Old.java", FileStatus.DELETED, 0, 40)));
    assertThat(result.type()).isEqualTo(ChangeType.CLEANUP);
    assertThat(result.scope()).isEqualTo(ChangeScope.DELETIONS_ONLY);
  }

  @Test
  void documentationAndTestOnlyChangesAreRecognised() {
    Classification docs =
        classifier.classify(
            "Add the market-open runbook",
            List.of(FileChange.of("docs/runbook.md", FileStatus.ADDED, 10, 0)));
    assertThat(docs.type()).isEqualTo(ChangeType.GENERAL);
    assertThat(docs.scope()).isEqualTo(ChangeScope.DOCUMENTATION_ONLY);

    Classification tests =
        classifier.classify(
            "More cases",
            List.of(
                FileChange.of("router/src/test/java/RouterTest.java", FileStatus.MODIFIED, 10, 0)));
    assertThat(tests.scope()).isEqualTo(ChangeScope.TESTS_ONLY);
    assertThat(tests.evidence()).contains("tests-only change");
  }

  @Test
  void noKeywordMeansGeneral() {
    Classification result = classifier.classify("Tweak things", CODE);
    assertThat(result.type()).isEqualTo(ChangeType.GENERAL);
    assertThat(classifier.classify("", CODE).evidence()).contains("no description to classify");
  }

  @Test
  void isFormOfAcceptsRegularInflectionsButNotOtherWords() {
    assertThat(ChangeClassifier.isFormOf("fixes", "fix")).isTrue();
    assertThat(ChangeClassifier.isFormOf("fixing", "fix")).isTrue();
    assertThat(ChangeClassifier.isFormOf("dropped", "drop")).isTrue();
    assertThat(ChangeClassifier.isFormOf("integration", "integrate")).isTrue();
    assertThat(ChangeClassifier.isFormOf("prefix", "fix")).isFalse();
    assertThat(ChangeClassifier.isFormOf("fixture", "fix")).isFalse();
    assertThat(ChangeClassifier.isFormOf("address", "add")).isFalse();
  }

  @Test
  void formsOfListsExactlyTheWordsIsFormOfAccepts() {
    java.util.Set<String> words = new java.util.TreeSet<>(List.of("prefix", "fixture", "address"));
    for (ChangeType type : ChangeType.values()) {
      for (String keyword : type.keywords()) {
        words.add(keyword);
        for (String end :
            List.of("", "s", "es", "ed", "d", "ing", "ion", "ment", "al", "x", "ly")) {
          words.add(keyword + end);
          words.add(keyword.substring(0, keyword.length() - 1) + end);
          words.add(keyword + keyword.charAt(keyword.length() - 1) + end);
        }
      }
    }
    for (ChangeType type : ChangeType.values()) {
      for (String keyword : type.keywords()) {
        java.util.Set<String> forms = ChangeClassifier.formsOf(keyword);
        for (String word : words) {
          assertThat(forms.contains(word))
              .as(word + " of " + keyword)
              .isEqualTo(ChangeClassifier.isFormOf(word, keyword));
        }
      }
    }
  }
}
