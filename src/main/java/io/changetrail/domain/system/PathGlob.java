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

  /**
   * What a matching path must have, read from the pattern's literal text: checked before the
   * regular expression (which backtracks over {@code **}) and, for the common shapes, instead of
   * it. A path failing these cannot match; one passing them matches when {@link #exact} says so.
   */
  private final Shape exact;

  private final String prefix;
  private final String suffix;
  private final String[] inner;

  /** Patterns whose literal text decides a match alone. */
  private enum Shape {
    /** no wildcard: the path is the pattern */
    EQUALS,
    /** a literal folder and {@code **}: the path starts with the literal */
    PREFIX,
    /** {@code **}{@code /} and a literal name: the path is that name or ends with "/" + name */
    NAME,
    /** anything else: the literal checks only rule out, the regular expression decides */
    REGEX
  }

  private PathGlob(String pattern, Pattern regex) {
    this(pattern, regex, Shape.REGEX, "", "", new String[0]);
  }

  private PathGlob(
      String pattern, Pattern regex, Shape exact, String prefix, String suffix, String[] inner) {
    this.pattern = pattern;
    this.regex = regex;
    this.exact = exact;
    this.prefix = prefix;
    this.suffix = suffix;
    this.inner = inner;
  }

  public static PathGlob compile(String pattern) {
    PathGlob known = pattern == null ? null : COMPILED.get(pattern);
    if (known != null) {
      return known;
    }
    PathGlob compiled = compileNew(pattern);
    if (COMPILED.size() > 8192) {
      COMPILED.clear();
    }
    COMPILED.put(pattern, compiled);
    return compiled;
  }

  /**
   * Patterns compiled so far (a glob is immutable): the systems and rules of every catalog of a
   * walk of the history are compiled once, not once per catalog.
   */
  private static final java.util.Map<String, PathGlob> COMPILED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static PathGlob compileNew(String pattern) {
    String glob = effective(pattern);
    Pattern regex = Pattern.compile(toRegex(glob), Pattern.DOTALL);
    // the glob as literal runs between wildcards ("**/", "**", "*", "?" and {..} groups)
    java.util.List<String> runs = new java.util.ArrayList<>();
    java.util.List<String> wildcards = new java.util.ArrayList<>();
    boolean startsLiteral = true;
    boolean endsLiteral = true;
    StringBuilder run = new StringBuilder();
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      String wildcard = null;
      if (braces > 0) {
        if (c == '{') {
          braces++;
        } else if (c == '}') {
          braces--;
        }
        continue;
      }
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
            wildcard = slashAfter ? "**/" : "**";
            i += slashAfter ? 2 : 1;
          } else {
            wildcard = "*";
          }
        }
        case '?' -> wildcard = "?";
        case '{' -> {
          braces++;
          wildcard = "{";
        }
        default -> run.append(c);
      }
      if (wildcard != null) {
        if (runs.isEmpty() && run.length() == 0 && wildcards.isEmpty()) {
          startsLiteral = false;
        }
        if (run.length() > 0) {
          runs.add(run.toString());
          run.setLength(0);
        }
        wildcards.add(wildcard);
        endsLiteral = false;
      } else {
        endsLiteral = true;
      }
    }
    if (run.length() > 0) {
      runs.add(run.toString());
    }
    Shape shape = Shape.REGEX;
    if (wildcards.isEmpty()) {
      shape = Shape.EQUALS;
    } else if (wildcards.equals(java.util.List.of("**")) && startsLiteral && !endsLiteral) {
      shape = Shape.PREFIX;
    } else if (wildcards.equals(java.util.List.of("**/")) && !startsLiteral && endsLiteral) {
      shape = Shape.NAME;
    }
    String prefix = startsLiteral && !runs.isEmpty() ? runs.get(0) : "";
    String suffix =
        endsLiteral && !runs.isEmpty() && (runs.size() > 1 || !startsLiteral)
            ? runs.get(runs.size() - 1)
            : "";
    int from = prefix.isEmpty() ? 0 : 1;
    int to = suffix.isEmpty() ? runs.size() : runs.size() - 1;
    String[] inner = runs.subList(from, Math.max(from, to)).toArray(new String[0]);
    return new PathGlob(pattern, regex, shape, prefix, suffix, inner);
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
    switch (exact) {
      case EQUALS:
        return path.equals(prefix);
      case PREFIX:
        return path.startsWith(prefix);
      case NAME:
        return path.endsWith(suffix)
            && (path.length() == suffix.length()
                || path.charAt(path.length() - suffix.length() - 1) == '/');
      default:
        break;
    }
    if (!path.startsWith(prefix) || !path.endsWith(suffix)) {
      return false;
    }
    for (String literal : inner) {
      if (!path.contains(literal)) {
        return false;
      }
    }
    return regex.matcher(path).matches();
  }

  /** As {@link #matches}, by the regular expression alone (for tests of the shortcuts). */
  boolean matchesByRegex(String path) {
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
