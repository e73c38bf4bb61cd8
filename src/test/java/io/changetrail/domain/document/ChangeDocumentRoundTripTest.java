package io.changetrail.domain.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The law of the format: parsing what the renderer wrote gives back the same document. */
class ChangeDocumentRoundTripTest {
  private final ChangeDocumentParser parser = new ChangeDocumentParser();

  @Property(tries = 500)
  void parseOfRenderIsIdentity(@ForAll("documents") ChangeDocument document) {
    String text = ChangeDocumentRenderer.render(document);
    assertThat(parser.parse(text)).isEqualTo(document);
  }

  @Property(tries = 200)
  void crlfLineEndsReadTheSame(@ForAll("documents") ChangeDocument document) {
    String text = ChangeDocumentRenderer.render(document).replace("\n", "\r\n");
    assertThat(parser.parse(text)).isEqualTo(document);
  }

  @Property(tries = 200)
  void renderIsAFixedPoint(@ForAll("documents") ChangeDocument document) {
    String once = ChangeDocumentRenderer.render(document);
    assertThat(ChangeDocumentRenderer.render(parser.parse(once))).isEqualTo(once);
  }

  @Provide
  Arbitrary<ChangeDocument> documents() {
    return Combinators.combine(
            headers(),
            paragraphs().injectDuplicates(0.3).map(p -> p).optional().map(o -> o.orElse("")),
            sections().list().ofMaxSize(8),
            trailers().list().ofMaxSize(4))
        .as(ChangeDocument::new);
  }

  private Arbitrary<Header> headers() {
    Arbitrary<String> type =
        Arbitraries.oneOf(
            Arbitraries.of("FEATURE", "BUGFIX", "feat", "fix", "chore", "SECURITY", "perf"),
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8));
    Arbitrary<String> scope =
        Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings().withCharRange('a', 'z').withChars('-', '/').ofMaxLength(10))
            .map(String::strip);
    Arbitrary<Header> typed =
        Combinators.combine(type, scope, Arbitraries.of(true, false), words()).as(Header::new);
    Arbitrary<Header> untyped =
        words().filter(w -> !ChangeDocumentParser.HEADER.matcher(w).matches()).map(Header::untyped);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, typed), net.jqwik.api.Tuple.of(1, untyped));
  }

  /** Text of one line: words, numbers, Markdown and non-ASCII, never a trailer or a heading. */
  private Arbitrary<String> words() {
    return Arbitraries.of(
            "orders",
            "risk",
            "ÄÖü",
            "日本",
            "limit",
            "`code`",
            "**bold**",
            "✅",
            "-",
            "1.",
            "a,b",
            "(x)",
            "#3",
            "RISK-42",
            "50%",
            "ümlaut",
            "🙂",
            "x")
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .map(list -> String.join(" ", list));
  }

  private Arbitrary<String> lines() {
    Arbitrary<String> item =
        Combinators.combine(
                Arbitraries.of("- ✅ ", "- ❌ ", "- [x] ", "- [ ] ", "- ", "  ", "### ", ""), words())
            .as(String::concat);
    return item;
  }

  private Arbitrary<String> paragraphs() {
    return Arbitraries.oneOf(lines(), Arbitraries.just(""))
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .map(ChangeDocumentRoundTripTest::trimBlankLines)
        .filter(text -> !text.isEmpty());
  }

  private Arbitrary<DocumentSection> sections() {
    Arbitrary<String> heading =
        Arbitraries.oneOf(
            Arbitraries.of(Section.values()).map(Section::title), words(), Arbitraries.just(""));
    Arbitrary<String> body = Arbitraries.oneOf(paragraphs(), Arbitraries.just(""));
    return Combinators.combine(heading, body).as(DocumentSection::new);
  }

  private Arbitrary<Trailer> trailers() {
    Arbitrary<String> key =
        Arbitraries.oneOf(
            Arbitraries.of(
                "Change-Id", "Refs", "Co-authored-by", "Signed-off-by", "BREAKING CHANGE"),
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('-')
                .ofMinLength(1)
                .ofMaxLength(10)
                .filter(k -> !k.startsWith("-")));
    return Combinators.combine(key, words()).as(Trailer::new);
  }

  private static String trimBlankLines(List<String> lines) {
    List<String> kept = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
    while (!kept.isEmpty() && kept.get(0).isEmpty()) {
      kept.remove(0);
    }
    while (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
      kept.remove(kept.size() - 1);
    }
    return String.join("\n", kept);
  }
}
