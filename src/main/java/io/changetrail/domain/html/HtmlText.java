package io.changetrail.domain.html;

/**
 * The one escaper for HTML and XML (SVG) text and quoted attribute values: markup characters
 * escaped, and characters XML does not allow (control characters, unpaired surrogates) replaced by
 * U+FFFD, so a page or chart always parses. Every page, document and chart of ChangeTrail escapes
 * through it.
 */
public final class HtmlText {
  private HtmlText() {}

  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                  boolean allowed =
                      c == 0x9
                          || c == 0xA
                          || c == 0xD
                          || (c >= 0x20 && c <= 0xD7FF)
                          || (c >= 0xE000 && c <= 0xFFFD)
                          || (c >= 0x10000 && c <= 0x10FFFF);
                  out.appendCodePoint(allowed ? c : 0xFFFD);
                }
              }
            });
    return out.toString();
  }
}
