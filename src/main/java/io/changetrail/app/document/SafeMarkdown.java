package io.changetrail.app.document;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown from change documents as HTML that cannot run in a reader's browser: raw HTML in the
 * Markdown is escaped (shown as text, never interpreted) and link and image URLs other than http,
 * https and mailto are dropped.
 */
public final class SafeMarkdown {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  private SafeMarkdown() {}

  /** An HTML fragment (no html or body element). */
  public static String toHtml(String markdown) {
    return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
  }
}
