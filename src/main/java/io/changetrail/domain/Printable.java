package io.changetrail.domain;

/**
 * Text made safe to print on one line of a terminal or a document: control characters (a newline or
 * an escape sequence in a file name or a commit subject) are shown as escapes, never sent raw.
 */
public final class Printable {
  private Printable() {}

  /**
   * {@code text} with C0 and C1 control characters and DEL written as {@code \n}, {@code \t},
   * {@code \r} or {@code \xNN} (a backslash is kept as it is), so one value stays one line and
   * cannot move the cursor, change colours or retitle the terminal.
   */
  public static String escaped(String text) {
    if (text == null) {
      return "";
    }
    int first = firstControl(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    out.append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\r') {
        out.append("\\r");
      } else {
        out.append(String.format("\\x%02X", (int) c));
      }
    }
    return out.toString();
  }

  /** Whether {@code text} holds a character that {@link #escaped} would rewrite. */
  public static boolean hasControl(String text) {
    return text != null && firstControl(text) >= 0;
  }

  private static int firstControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
  }
}
