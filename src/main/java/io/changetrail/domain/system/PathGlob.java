package io.changetrail.domain.system;

import java.util.regex.Pattern;

/**
 * A path pattern as written in changetrail.yml: {@code *} matches within one folder, {@code **}
 * across folders, {@code ?} one character, {@code {a,b}} alternatives. A pattern without a slash
 * matches the file name in any folder (as in .gitignore); a pattern ending in {@code /} matches
 * everything below that folder.
 */
public final class PathGlob {
  private final String pattern;
  private final Pattern regex;

  private PathGlob(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  public static PathGlob compile(String pattern) {
    return new PathGlob(pattern, Pattern.compile(toRegex(effective(pattern)), Pattern.DOTALL));
  }

  /**
   * One matcher for several patterns: a path matches when any of them does. Faster than trying each
   * in turn (one regular expression, one pass).
   */
  public static PathGlob anyOf(java.util.List<String> patterns) {
    if (patterns.isEmpty()) {
      return new PathGlob("", Pattern.compile("(?!)"));
    }
    StringBuilder regex = new StringBuilder();
    for (String pattern : patterns) {
      if (regex.length() > 0) {
        regex.append('|');
      }
      regex.append("(?:").append(toRegex(effective(pattern))).append(')');
    }
    return new PathGlob(
        String.join(", ", patterns), Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  private static String effective(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("a path pattern must not be empty");
    }
    String effective = pattern.strip();
    if (effective.startsWith("./")) {
      effective = effective.substring(2);
    }
    if (effective.startsWith("/")) {
      effective = effective.substring(1);
    } else if (!effective.contains("/")) {
      effective = "**/" + effective;
    }
    if (effective.isEmpty() || effective.endsWith("/")) {
      effective = effective + "**";
    }
    return effective;
  }

  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  public String pattern() {
    return pattern;
  }

  /**
   * The literal folder prefix of the pattern (everything before the first wildcard, up to a slash),
   * used to prefer the most specific of several matching patterns.
   */
  public int specificity() {
    int wildcard = indexOfWildcard(pattern);
    String literal = wildcard < 0 ? pattern : pattern.substring(0, wildcard);
    return literal.length();
  }

  private static int indexOfWildcard(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '{' || c == '[') {
        return i;
      }
    }
    return -1;
  }

  private static String toRegex(String glob) {
    StringBuilder out = new StringBuilder(glob.length() * 2);
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
          if (doubleStar) {
            boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
            if (slashAfter) {
              out.append("(?:.*/)?");
              i += 2;
            } else {
              out.append(".*");
              i += 1;
            }
          } else {
            out.append("[^/]*");
          }
        }
        case '?' -> out.append("[^/]");
        case '{' -> {
          braces++;
          out.append("(?:");
        }
        case '}' -> {
          if (braces > 0) {
            braces--;
            out.append(')');
          } else {
            out.append("\\}");
          }
        }
        case ',' -> out.append(braces > 0 ? "|" : ",");
        default -> {
          if ("\\.[]()+^$|".indexOf(c) >= 0) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    if (braces > 0) {
      throw new IllegalArgumentException("unclosed '{' in path pattern '" + glob + "'");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
