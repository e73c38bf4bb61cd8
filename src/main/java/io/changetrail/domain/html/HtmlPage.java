package io.changetrail.domain.html;

/**
 * The one page shell: doctype, language, character set, viewport and title, then what the caller
 * puts in the head (a style sheet link or an inline style) and the body. The web UI's layout, the
 * deployment document and the changelog page are all this shell.
 */
public final class HtmlPage {
  private HtmlPage() {}

  /**
   * A complete HTML document.
   *
   * @param title plain text (escaped here)
   * @param head markup for the head after the title (trusted: our own literals)
   * @param body markup for the body (already escaped by its builder)
   */
  public static String document(String title, String head, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        + HtmlText.escape(title)
        + "</title>\n"
        + head
        + "</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }

  /** A style element for a standalone document (no external reference). */
  public static String style(String css) {
    return "<style>\n" + css + "</style>\n";
  }
}
