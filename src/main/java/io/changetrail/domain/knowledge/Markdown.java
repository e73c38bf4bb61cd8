package io.changetrail.domain.knowledge;

/** Small Markdown helpers for documents that embed what authors wrote. */
final class Markdown {
  private Markdown() {}

  /** Text on one line with Markdown's special characters escaped. */
  static String inline(String text) {
    StringBuilder out = new StringBuilder();
    for (char ch : (text == null ? "" : text).replace('\n', ' ').toCharArray()) {
      if ("\\`*_[]<>|#".indexOf(ch) >= 0) {
        out.append('\\');
      }
      out.append(ch);
    }
    return out.toString();
  }

  /**
   * An author's Markdown placed under a deeper heading: every ATX heading outside code fences is
   * moved {@code levels} down (at most to level 6) so it cannot break the document's outline.
   */
  static String demote(String markdown, int levels) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : markdown.strip().lines().toList()) {
      String trimmed = line.stripLeading();
      if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        fenced = !fenced;
      }
      if (!fenced && line.startsWith("#")) {
        int level = 0;
        while (level < line.length() && line.charAt(level) == '#') {
          level++;
        }
        if (level <= 6 && (level == line.length() || line.charAt(level) == ' ')) {
          line = "#".repeat(Math.min(6, level + levels)) + line.substring(level);
        }
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(line);
    }
    return out.toString();
  }
}
