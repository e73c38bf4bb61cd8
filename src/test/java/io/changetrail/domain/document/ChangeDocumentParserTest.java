package io.changetrail.domain.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeDocumentParserTest {
  private final ChangeDocumentParser parser = new ChangeDocumentParser();

  private static final String MESSAGE =
      """
      BUGFIX: stop routing orders to halted venues

      Seen in production on 2026-11-20.

      ## Context and Rationale
      Orders for XLON were routed during the 14:02 halt.

      ## Changes Made
      ### order-router
      - SmartOrderRouter checks the venue status

      ## Testing and Verification
      - ✅ SmartOrderRouterTest.rejectsOrdersForHaltedVenues
      - ❌ soak test not run
      - [x] reviewed by bob
      - [ ] load test

      ## Venue Notes
      Kept as written.

      Change-Id: CHG-20261124-7K3Q
      Refs: RISK-42
      Co-authored-by: Bob <bob@example.com>
      """;

  @Test
  void readsTheMethodologysSectionsUnknownSectionsAndTrailers() {
    ChangeDocument document = parser.parse(MESSAGE);

    assertThat(document.header())
        .isEqualTo(new Header("BUGFIX", "", false, "stop routing orders to halted venues"));
    assertThat(document.intro()).isEqualTo("Seen in production on 2026-11-20.");
    assertThat(document.sections())
        .extracting(DocumentSection::heading)
        .containsExactly(
            "Context and Rationale", "Changes Made", "Testing and Verification", "Venue Notes");
    assertThat(document.sections().get(3).section()).isEmpty();
    assertThat(document.section(Section.CHANGES_MADE).orElseThrow().subsections())
        .extracting(DocumentSection.Subsection::title)
        .containsExactly("order-router");
    assertThat(document.section(Section.TESTING_AND_VERIFICATION).orElseThrow().checklist())
        .extracting(ChecklistItem::passed)
        .containsExactly(true, false, true, false);
    assertThat(document.trailers())
        .containsExactly(
            new Trailer("Change-Id", "CHG-20261124-7K3Q"),
            new Trailer("Refs", "RISK-42"),
            new Trailer("Co-authored-by", "Bob <bob@example.com>"));
  }

  @Test
  void knowsWhereEachPartStands() {
    ChangeDocumentParser.Located located = parser.parseLocated(MESSAGE);
    assertThat(located.headerLine()).isEqualTo(1);
    assertThat(located.sectionLines()).containsExactly(5, 8, 12, 18);
    assertThat(located.lineOf(2, 1)).isEqualTo(14);
    assertThat(located.trailersLine()).isEqualTo(21);
  }

  @Test
  void conventionalCommitsHeaderIsRead() {
    Header header = parser.parse("feat(router)!: iceberg orders\n").header();
    assertThat(header).isEqualTo(new Header("feat", "router", true, "iceberg orders"));
  }

  @Test
  void breakingChangeTrailerMakesTheDocumentBreaking() {
    ChangeDocument document = parser.parse("feat: x\n\nBody.\n\nBREAKING CHANGE: column added\n");
    assertThat(document.breaking()).isTrue();
    assertThat(document.intro()).isEqualTo("Body.");
  }

  @Test
  void headerWithoutATypeIsKeptWhole() {
    assertThat(parser.parse("fixed stuff").header()).isEqualTo(Header.untyped("fixed stuff"));
  }

  @Test
  void emptyAndBlankMessagesGiveAnEmptyHeader() {
    assertThat(parser.parse("").header().summary()).isEmpty();
    assertThat(parser.parse(" \n\r\n\t\n").sections()).isEmpty();
    assertThat(parser.parse(null).header().typed()).isFalse();
  }

  @Test
  void headingsInsideCodeFencesDoNotStartSections() {
    ChangeDocument document =
        parser.parse("FEATURE: x\n\n## Changes Made\n```\n## not a heading\n```\n");
    assertThat(document.sections()).hasSize(1);
    assertThat(document.sections().get(0).body()).contains("## not a heading");
  }

  @Test
  void aTrailerLikeLineRightAfterTheHeaderIsNotATrailer() {
    ChangeDocument document = parser.parse("FEATURE: x\nRefs: A-1\n");
    assertThat(document.trailers()).isEmpty();
    assertThat(document.intro()).isEqualTo("Refs: A-1");
  }

  @Test
  void gitCommentLinesAndTheScissorsAreDropped() {
    String message =
        "FEATURE: x\n\n## Context and Rationale\nWhy.\n# Please enter the commit message\n"
            + "# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n";
    ChangeDocument document = new ChangeDocumentParser(Optional.of('#')).parse(message);
    assertThat(document.section(Section.CONTEXT_AND_RATIONALE).orElseThrow().body())
        .isEqualTo("Why.");
  }

  @Test
  void addingASectionPutsItInMethodologyOrder() {
    ChangeDocument document =
        parser
            .parse(
                "FEATURE: x\n\n## Context and Rationale\nWhy.\n\n## Testing and Verification\n- ✅ t\n")
            .with(DocumentSection.of(Section.CHANGES_MADE, "### a\n- b"));
    assertThat(document.sections())
        .extracting(s -> s.section().orElseThrow())
        .containsExactly(
            Section.CONTEXT_AND_RATIONALE, Section.CHANGES_MADE, Section.TESTING_AND_VERIFICATION);
  }
}
