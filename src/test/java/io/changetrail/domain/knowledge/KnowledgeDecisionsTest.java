package io.changetrail.domain.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.document.ChangeDocumentParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeDecisionsTest {
  @Test
  void subHeadingsKeepTheirTitleAndLabelledFields() {
    List<KeyDecision> decisions =
        KeyDecision.parse(
            "### Cache in process\n**Rationale:** 40 us per lookup\n**Alternatives:**\n"
                + "- Redis\n- no cache\n\n### Expiry of 1 s\nVenue status rarely changes.");
    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(0).title()).isEqualTo("Cache in process");
    assertThat(decisions.get(0).rationale()).isEqualTo("40 us per lookup");
    assertThat(decisions.get(0).alternatives()).isEqualTo("- Redis\n- no cache");
    assertThat(decisions.get(1).structured()).isFalse();
    assertThat(decisions.get(1).text()).isEqualTo("Venue status rarely changes.");
  }

  @Test
  void labelledLinesStartANewDecisionAtEachDecisionLabel() {
    List<KeyDecision> decisions =
        KeyDecision.parse(
            "- Decision: a map by MIC\n- Rationale: venues differ\n"
                + "- Decision: limits in yml\n- Why: no release needed\n- Alternatives: a table");
    assertThat(decisions)
        .extracting(KeyDecision::decision)
        .containsExactly("a map by MIC", "limits in yml");
    assertThat(decisions.get(1).rationale()).isEqualTo("no release needed");
    assertThat(decisions.get(1).alternatives()).isEqualTo("a table");
  }

  @Test
  void plainBulletsAreOneDecisionEach() {
    assertThat(KeyDecision.parse("- use X\n  because Y\n- keep Z"))
        .extracting(KeyDecision::summary)
        .containsExactly("use X", "keep Z");
  }

  @Test
  void mergedDocumentsKeepEachTextOnceAndSystemsApart() {
    ChangeDocumentParser parser = new ChangeDocumentParser();
    MergedDocument merged =
        MergedDocument.of(
            List.of(
                parser.parse(
                    "FEATURE: a\n\n## Context and Rationale\nWhy.\n\n## Changes Made\n### router\n- one"),
                parser.parse(
                    "FEATURE: b\n\n## Context and Rationale\nWhy.\n\n## Changes Made\n### risk\n- two")));
    assertThat(merged.text(io.changetrail.domain.document.Section.CONTEXT_AND_RATIONALE))
        .isEqualTo("Why.");
    assertThat(merged.changesBySystem()).containsOnlyKeys("router", "risk");
    assertThat(merged.rationale()).isEqualTo("Why.");
  }

  @Test
  void headingsOfEmbeddedTextMoveDown() {
    assertThat(Markdown.demote("### a\n```\n# not a heading\n```\n#hashtag", 1))
        .isEqualTo("#### a\n```\n# not a heading\n```\n#hashtag");
  }
}
