package io.changetrail.domain.change;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;

/**
 * The one grammar of {@code --range} for every command (assess, lint, changelog, change new, ...),
 * git's own:
 *
 * <ul>
 *   <li>{@code A..B}: the commits reachable from B but not from A;
 *   <li>{@code A...B}: the commits of B since it left A (from their merge base);
 *   <li>{@code A..} or {@code ..B}: the missing end is HEAD;
 *   <li>{@code REV}: REV and its whole history, from the root commit (a change's base is then the
 *       empty tree).
 * </ul>
 *
 * @param from what is excluded (A), or empty for the whole history
 * @param to the tip (B)
 * @param mergeBase whether {@code from} is to be replaced by the merge base of both ends
 */
public record RevisionRange(String from, String to, boolean mergeBase) {
  public RevisionRange {
    from = from == null ? "" : from;
  }

  /** Reads a range; a blank one, or one with an empty revision around "...", is refused. */
  public static RevisionRange parse(String text) {
    String range = text == null ? "" : text.strip();
    if (range.isEmpty()) {
      throw invalid(text);
    }
    int three = range.indexOf("...");
    int two = range.indexOf("..");
    if (three >= 0) {
      String from = orHead(range.substring(0, three));
      String to = orHead(range.substring(three + 3));
      if (to.contains("..") || from.contains("..")) {
        throw invalid(text);
      }
      return new RevisionRange(from, to, true);
    }
    if (two >= 0) {
      String from = orHead(range.substring(0, two));
      String to = orHead(range.substring(two + 2));
      if (to.contains("..") || (range.startsWith("..") && range.endsWith(".."))) {
        throw invalid(text);
      }
      return new RevisionRange(from, to, false);
    }
    return new RevisionRange("", range, false);
  }

  /** Whether the range is a revision with its whole history ({@code REV}). */
  public boolean wholeHistory() {
    return from.isEmpty();
  }

  /** The range as git reads it ({@code A..B}, {@code A...B} or {@code B}). */
  public String text() {
    return from.isEmpty() ? to : from + (mergeBase ? "..." : "..") + to;
  }

  private static String orHead(String end) {
    return end.isEmpty() ? "HEAD" : end;
  }

  private static ChangeTrailException invalid(String text) {
    return new ChangeTrailException(
        Problem.INVALID_INPUT,
        "'" + text + "' is not a range",
        "write A..B (the commits of B not in A, e.g. v1.2.0..HEAD), A...B (B since it left A), or"
            + " one revision with its whole history (HEAD)");
  }
}
