package io.changetrail.app.document;

import java.util.List;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown from change documents as HTML that cannot run in a reader's browser: raw HTML in the
 * Markdown is escaped (shown as text, never interpreted) and link and image URLs other than http,
 * https, mailto and relative ones are dropped. commonmark's own default also lets {@code data:}
 * through, which can carry a whole HTML page: the list is ours.
 */
public final class SafeMarkdown {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder()
          .escapeHtml(true)
          .sanitizeUrls(true)
          .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
          .build();

  private SafeMarkdown() {}

  /** An HTML fragment (no html or body element). */
  public static String toHtml(String markdown) {
    return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
  }
}
