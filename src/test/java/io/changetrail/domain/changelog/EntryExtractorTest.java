package io.changetrail.domain.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.change.CommitInfo;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntryExtractorTest {
  private final EntryExtractor extractor =
      new EntryExtractor(
          ChangelogConfig.defaults(),
          path -> path.startsWith("router/") ? Optional.of("order-router") : Optional.empty());

  private static CommitInfo commit(String message, String... parents) {
    return new CommitInfo(
        "1234567890abcdef",
        List.of(parents),
        "Alice",
        "alice@example.com",
        OffsetDateTime.parse("2026-11-24T10:00:00Z"),
        message);
  }

  @Test
  void aHeaderGivesOneEntryWithItsSystemsAndTickets() {
    List<ReleaseEntry> entries =
        extractor.entries(
            commit("BUGFIX: stop routing to halted venues\n\nRefs: RISK-42", "p"),
            List.of("router/A.java", "docs/x.md"));
    assertThat(entries)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(ChangeType.BUGFIX);
              assertThat(e.systems()).containsExactly("order-router");
              assertThat(e.tickets()).containsExactly("RISK-42");
              assertThat(e.category()).isEqualTo(ReleaseEntry.Category.FIXED);
            });
  }

  @Test
  void aReleaseToolsVersionCommitIsTheReleaseNotAnEntryInIt() {
    assertThat(
            extractor.entries(
                commit("[maven-release-plugin] prepare for next development iteration", "p"),
                List.of("pom.xml", "router/pom.xml")))
        .isEmpty();
    // with a declared type, the author decided: it is listed
    assertThat(
            extractor.entries(
                commit("CONFIGURATION: release 2.1 of the router", "p"), List.of("pom.xml")))
        .singleElement()
        .extracting(ReleaseEntry::type)
        .isEqualTo(ChangeType.CONFIGURATION);
    // the same words over changed code are a change
    assertThat(
            extractor.entries(
                commit("[maven-release-plugin] prepare release router-2.1", "p"),
                List.of("pom.xml", "router/src/main/java/Router.java")))
        .hasSize(1);
  }

  @Test
  void aSquashCommitGivesOneEntryPerListedChange() {
    List<ReleaseEntry> entries =
        extractor.entries(
            commit(
                "FEATURE: venue toggles (#12)\n\n* feat: kill switch\n* fix!: reset on reconnect\n",
                "p"),
            List.of());
    assertThat(entries)
        .extracting(ReleaseEntry::summary)
        .containsExactly("kill switch", "reset on reconnect");
    assertThat(entries.get(1).breaking()).isTrue();
  }

  @Test
  void aMergeListsOnlyWhatItsBodyNames() {
    assertThat(extractor.entries(commit("Merge branch 'side'", "a", "b"), List.of("router/A.java")))
        .isEmpty();
    assertThat(
            extractor.entries(
                commit("Merge pull request #7 from acme/x\n\nFEATURE: iceberg orders", "a", "b"),
                List.of()))
        .extracting(ReleaseEntry::summary)
        .containsExactly("iceberg orders");
  }

  @Test
  void anUntypedHeaderIsClassifiedFromItsWords() {
    assertThat(
            extractor.entries(
                commit("remove the unused legacy loader", "p"), List.of("router/A.java")))
        .extracting(ReleaseEntry::type)
        .containsExactly(ChangeType.CLEANUP);
  }

  @Test
  void breakingChangesComeFirstInTheReleaseChangelog() {
    Release release =
        new Release(
            "v2.0.0",
            "v1.0.0..v2.0.0",
            null,
            List.of(
                new ReleaseEntry(
                    "a1",
                    ChangeType.BUGFIX,
                    "",
                    "fix it",
                    false,
                    List.of("order-router"),
                    List.of(),
                    "A",
                    java.time.LocalDate.EPOCH),
                new ReleaseEntry(
                    "b2",
                    ChangeType.FEATURE,
                    "",
                    "new api",
                    true,
                    List.of(),
                    List.of(),
                    "A",
                    java.time.LocalDate.EPOCH)),
            2);
    String markdown = ReleaseChangelog.markdown(release, ChangelogConfig.defaults());
    assertThat(markdown.indexOf("Breaking changes")).isLessThan(markdown.indexOf("### Fixed"));
    assertThat(markdown).contains("## [v2.0.0]").contains("#### order-router\n\n- fix it (`a1`)");
  }

  /** The default ticket pattern's ids, found the plain way: the whole message searched. */
  private static List<String> ticketsByTheWholePattern(String message) {
    java.util.Set<String> found = new java.util.LinkedHashSet<>();
    var m = ChangelogConfig.defaults().ticketPatterns().get(0).matcher(message);
    while (m.find()) {
      found.add(m.group());
    }
    return List.copyOf(found);
  }

  @net.jqwik.api.Property(tries = 3000)
  void defaultTicketIdsAreWhatThePatternFindsInTheWholeMessage(
      @net.jqwik.api.ForAll("messages") String message) {
    assertThat(extractor.tickets(message)).isEqualTo(ticketsByTheWholePattern(message));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> messages() {
    return net.jqwik.api.Arbitraries.strings().withChars("AMQBZ019-_ xé\n-٣:").ofMaxLength(40);
  }

  @Test
  void ticketIdsNextToLettersDigitsAndOtherIdsAreFoundAsThePatternFindsThem() {
    for (String message :
        List.of(
            "AMQ-1 AMQ-1-2 xAMQ-3 éAMQ-4 _AMQ-5 AMQ-6x AMQ-7_ (AMQ-8) A-9 AB-10-CD-11 AMQ-٣",
            "AMQ-12AMQ-13 QA1-2 1A-3 AMQ--4 AMQ-5-6-7")) {
      assertThat(extractor.tickets(message)).isEqualTo(ticketsByTheWholePattern(message));
    }
    assertThat(extractor.tickets("AMQ-1 AMQ-1-2 (AMQ-8) AB-10-CD-11"))
        .containsExactly("AMQ-1", "AMQ-8", "AB-10", "CD-11");
  }
}
