package io.changetrail.domain.assess;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

  /** The keywords found as the regular expression and a test against every keyword found them. */
  private static Map<ChangeType, Set<String>> referenceKeywords(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("[\\p{L}\\p{N}]+").matcher(text);
    while (m.find()) {
      words.add(m.group());
    }
    Map<ChangeType, Set<String>> matched = new EnumMap<>(ChangeType.class);
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i).toLowerCase(Locale.ROOT);
      if (words.get(i).equals("FIX") && i + 1 < words.size()) {
        String next = words.get(i + 1).toLowerCase(Locale.ROOT);
        if (Set.of(
                "session",
                "sessions",
                "protocol",
                "engine",
                "gateway",
                "dictionary",
                "tag",
                "tags",
                "message",
                "messages",
                "acceptor",
                "initiator",
                "venue",
                "4",
                "5",
                "44",
                "42",
                "50")
            .contains(next)) {
          matched
              .computeIfAbsent(ChangeType.INTEGRATION, t -> new LinkedHashSet<>())
              .add("'FIX " + next + "'");
          continue;
        }
      }
      for (ChangeType type : ChangeType.values()) {
        for (String keyword : type.keywords()) {
          if (ChangeClassifier.isFormOf(word, keyword)) {
            matched.computeIfAbsent(type, t -> new LinkedHashSet<>()).add("'" + keyword + "'");
          }
        }
      }
    }
    return matched;
  }

  @Property(tries = 500)
  void keywordsAreFoundAsATestAgainstEveryKeywordFindsThem(
      @ForAll("descriptions") String description) {
    // as lists: the order the evidence names them in counts too
    assertThat(ordered(ChangeClassifier.keywordsOf(description)))
        .isEqualTo(ordered(referenceKeywords(description)));
  }

  private static Map<ChangeType, List<String>> ordered(Map<ChangeType, Set<String>> keywords) {
    Map<ChangeType, List<String>> lists = new EnumMap<>(ChangeType.class);
    keywords.forEach((type, words) -> lists.put(type, List.copyOf(words)));
    return lists;
  }

  @Provide
  Arbitrary<String> descriptions() {
    List<String> pieces = new ArrayList<>();
    for (ChangeType type : ChangeType.values()) {
      for (String keyword : type.keywords()) {
        pieces.add(keyword);
        pieces.add(keyword.toUpperCase(Locale.ROOT));
        pieces.add(keyword + "ing");
        pieces.add(keyword + "d");
        pieces.add(keyword.substring(0, keyword.length() - 1) + "ation");
        pieces.add(keyword + keyword.charAt(keyword.length() - 1) + "ed");
      }
    }
    pieces.addAll(
        List.of(
            "FIX",
            "session",
            "44",
            "Fix",
            "prefix",
            "é",
            "İmplement",
            "\u212Aeep",
            "ﬁx",
            "x",
            "ab",
            "4.4",
            "-",
            " ",
            "\n",
            ", ",
            "(",
            "'s",
            "𝔉ix",
            "٣",
            "Ⅻ",
            "naïve"));
    return Arbitraries.of(pieces)
        .list()
        .ofMaxSize(12)
        .map(
            list -> {
              StringBuilder text = new StringBuilder();
              for (String piece : list) {
                text.append(piece).append(piece.length() % 3 == 0 ? " " : "");
              }
              return text.toString();
            });
  }

  @Test
  void aTestsOnlyChangeIsNotTheFixOrFeatureItsWordsName() {
    Classification result =
        classifier.classify(
            "Add failing regression test",
            List.of(
                FileChange.of(
                    "router/src/test/java/RouterRegressionTest.java", FileStatus.ADDED, 30, 0)));
    assertThat(result.type()).isEqualTo(ChangeType.GENERAL);
    assertThat(result.scope()).isEqualTo(ChangeScope.TESTS_ONLY);
    assertThat(result.evidence())
        .contains("tests-only change")
        .anyMatch(e -> e.contains("'regression'") && e.contains("what the tests cover"));

    Classification withCode =
        classifier.classify(
            "Fix the regression in the router",
            List.of(
                FileChange.of("router/src/main/java/Router.java", FileStatus.MODIFIED, 3, 1),
                FileChange.of("router/src/test/java/RouterTest.java", FileStatus.MODIFIED, 9, 0)));
    assertThat(withCode.type()).isEqualTo(ChangeType.BUGFIX);
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

  // Subjects as the tools write them: artio's Gradle release plugin (336 of 5,515 commits came out
  // FEATURE for the word "new"), activemq's maven-release-plugin (CONFIGURATION "a dependency
  // bump" for the project's own version in 40 poms), npm version commits.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[Gradle Release Plugin] - new version commit:  '0.166-SNAPSHOT'. | gradle.properties",
        "[Gradle Release Plugin] - pre tag commit:  '0.165'.             | gradle.properties",
        "[maven-release-plugin] prepare release activemq-6.2.0            | activemq-broker/pom.xml",
        "[maven-release-plugin] prepare for next development iteration    | pom.xml",
        "Prepare for next development iteration                          | pom.xml",
        "Release 2.11.0                                                  | package.json",
        "Bump version to 3.2.1                                           | build.gradle.kts",
        "v1.4.0                                                          | package.json",
        "1.4.0                                                           | CHANGELOG.md",
      })
  void aReleaseToolsVersionCommitIsReleaseBookkeeping(String subject, String path) {
    List<FileChange> files =
        List.of(
            FileChange.of(path, FileStatus.MODIFIED, 1, 1),
            FileChange.of("pom.xml", FileStatus.MODIFIED, 1, 1));
    Classification result = classifier.classify(subject + "\n", files);
    assertThat(result.type()).isEqualTo(ChangeType.GENERAL);
    assertThat(result.evidence().get(0)).startsWith("release bookkeeping");
  }

  @Test
  void releaseWordsOverCodeOrADeclaredTypeAreNotBookkeeping() {
    // the code changed too: what the words say is classified as usual
    Classification withCode =
        classifier.classify(
            "[maven-release-plugin] prepare release 1.2",
            List.of(
                FileChange.of("pom.xml", FileStatus.MODIFIED, 1, 1),
                FileChange.of("src/main/java/Router.java", FileStatus.MODIFIED, 5, 1)));
    assertThat(withCode.evidence()).noneMatch(e -> e.startsWith("release bookkeeping"));
    // a declared type wins
    assertThat(
            classifier
                .classify(
                    "FEATURE: release 2.0 of the quote API",
                    List.of(FileChange.of("pom.xml", FileStatus.MODIFIED, 1, 1)))
                .type())
        .isEqualTo(ChangeType.FEATURE);
    // a dependency bump is still a dependency bump
    Classification bump =
        classifier.classify(
            "Bump jackson-databind from 2.17.0 to 2.17.1",
            List.of(FileChange.of("pom.xml", FileStatus.MODIFIED, 1, 1)));
    assertThat(bump.type()).isEqualTo(ChangeType.CONFIGURATION);
    assertThat(bump.evidence().get(0)).contains("dependency bump");
    // and a release that names new work in its subject is not a bare version commit
    assertThat(
            classifier
                .classify(
                    "Release the new iceberg order type",
                    List.of(FileChange.of("pom.xml", FileStatus.MODIFIED, 1, 1)))
                .evidence())
        .noneMatch(e -> e.startsWith("release bookkeeping"));
  }
}
