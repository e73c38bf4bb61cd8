package io.changetrail.domain.knowledge;

import io.changetrail.domain.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The answer to {@code why PATH[:LINE]}: the changes (and plain commits) that shaped those lines,
 * newest first, each with the lines it last touched, its rationale and its key decisions.
 *
 * @param path the file, relative to the repository root
 * @param lines the lines asked about; empty for the whole file
 * @param fileLines how many lines the file has
 * @param entries what shaped the lines, newest first (at most the limit asked for)
 * @param omitted how many older entries the limit left out
 * @param uncommitted lines changed in the work tree and not committed yet
 */
public record LineHistory(
    String path,
    List<LineRange> lines,
    int fileLines,
    List<Entry> entries,
    int omitted,
    List<LineRange> uncommitted) {
  /** The schema id of {@link #json()}. */
  public static final String SCHEMA = "changetrail.why/v1";

  public LineHistory {
    lines = List.copyOf(lines);
    entries = List.copyOf(entries);
    uncommitted = List.copyOf(uncommitted);
  }

  /** Consecutive lines {@code from..to}, 1-based, inclusive. */
  public record LineRange(int from, int to) {
    public String label() {
      return from == to ? Integer.toString(from) : from + "-" + to;
    }

    /** The lines of a set as the fewest ranges, in order. */
    public static List<LineRange> of(SortedSet<Integer> numbers) {
      List<LineRange> ranges = new ArrayList<>();
      int from = -1;
      int to = -1;
      for (int n : numbers) {
        if (from < 0) {
          from = n;
        } else if (n != to + 1) {
          ranges.add(new LineRange(from, to));
          from = n;
        }
        to = n;
      }
      if (from >= 0) {
        ranges.add(new LineRange(from, to));
      }
      return ranges;
    }
  }

  /**
   * One change, or one commit that belongs to no registered change, and what it shaped.
   *
   * @param changeId the change's id; empty for a commit of no registered change
   * @param title the change's title or the commit's subject
   * @param date when the change was registered, or when the commit was authored
   * @param author the change's implementer or the commit's author
   * @param commits the commits (full SHAs) whose lines are still there
   * @param lines the lines it last touched
   * @param rationale the first paragraph of Context and Rationale
   * @param decisions one line per key decision
   */
  public record Entry(
      String changeId,
      String title,
      Instant date,
      String author,
      List<String> commits,
      List<LineRange> lines,
      String rationale,
      List<String> decisions) {
    public Entry {
      commits = List.copyOf(commits);
      lines = List.copyOf(lines);
      decisions = List.copyOf(decisions);
    }

    public boolean registered() {
      return !changeId.isEmpty();
    }

    int lineCount() {
      return lines.stream().mapToInt(r -> r.to() - r.from() + 1).sum();
    }
  }

  /** Orders entries newest first and keeps at most {@code limit} (0: all). */
  public static LineHistory of(
      String path,
      List<LineRange> lines,
      int fileLines,
      List<Entry> entries,
      int limit,
      List<LineRange> uncommitted) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(
        Comparator.comparing(Entry::date, Comparator.reverseOrder())
            .thenComparing(Entry::changeId, Comparator.reverseOrder()));
    int kept = limit > 0 ? Math.min(limit, sorted.size()) : sorted.size();
    return new LineHistory(
        path, lines, fileLines, sorted.subList(0, kept), sorted.size() - kept, uncommitted);
  }

  private String subject() {
    return lines.isEmpty()
        ? path
        : path + ":" + String.join(",", lines.stream().map(LineRange::label).toList());
  }

  /** The report as Markdown. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Why ").append(Markdown.inline(subject())).append("\n\n");
    out.append(entries.size() + omitted)
        .append(" change(s) or commit(s) shaped ")
        .append(lines.isEmpty() ? "the " + fileLines + " line(s) of this file" : "these lines")
        .append(", newest first.\n\n");
    for (Entry entry : entries) {
      out.append("## ")
          .append(entry.registered() ? entry.changeId() : "commit " + shortSha(entry))
          .append(": ")
          .append(Markdown.inline(entry.title()))
          .append("\n\n");
      out.append("- Date: ").append(time(entry.date())).append('\n');
      out.append("- Author: ").append(Markdown.inline(entry.author())).append('\n');
      out.append("- Lines: ").append(labels(entry.lines())).append('\n');
      out.append("- Commits: ")
          .append(
              String.join(
                  ", ", entry.commits().stream().map(c -> "`" + shorten(c) + "`").toList()));
      if (!entry.registered()) {
        out.append(" (no registered change)");
      }
      out.append("\n\n");
      out.append("**Context and Rationale:** ")
          .append(
              entry.rationale().isEmpty() ? "_none recorded_" : Markdown.inline(entry.rationale()))
          .append("\n\n");
      if (entry.decisions().isEmpty()) {
        out.append("**Key Decisions:** _none recorded_\n\n");
      } else {
        out.append("**Key Decisions:**\n\n");
        entry.decisions().forEach(d -> out.append("- ").append(Markdown.inline(d)).append('\n'));
        out.append('\n');
      }
    }
    footer(out);
    return out.toString();
  }

  /** The report for a terminal: one block per entry. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("why ").append(subject()).append(" (newest first)\n\n");
    for (Entry entry : entries) {
      out.append(
              entry.registered() ? entry.changeId() : shortSha(entry) + " (no registered change)")
          .append("  ")
          .append(time(entry.date()), 0, 10)
          .append("  ")
          .append(entry.author())
          .append('\n');
      out.append("  ").append(entry.title()).append('\n');
      out.append("  lines ").append(labels(entry.lines())).append('\n');
      if (!entry.rationale().isEmpty()) {
        out.append("  why: ").append(entry.rationale()).append('\n');
      }
      for (String decision : entry.decisions()) {
        out.append("  decision: ").append(decision).append('\n');
      }
      out.append('\n');
    }
    footer(out);
    return out.toString();
  }

  private void footer(StringBuilder out) {
    if (entries.isEmpty()) {
      out.append("No commit shaped these lines yet.\n");
    }
    if (omitted > 0) {
      out.append(omitted).append(" older change(s) or commit(s) left out by --limit.\n");
    }
    if (!uncommitted.isEmpty()) {
      out.append("Lines ")
          .append(labels(uncommitted))
          .append(" are changed but not committed yet.\n");
    }
  }

  /** A JSON-ready tree (schema {@value #SCHEMA}). */
  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schema", SCHEMA);
    json.put("path", path);
    json.put("lines", lines.stream().map(LineHistory::range).toList());
    json.put("fileLines", fileLines);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Entry entry : entries) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("change", entry.registered() ? entry.changeId() : null);
      node.put("registered", entry.registered());
      node.put("title", entry.title());
      node.put("date", time(entry.date()));
      node.put("author", entry.author());
      node.put("commits", entry.commits());
      node.put("lines", entry.lines().stream().map(LineHistory::range).toList());
      node.put("lineCount", entry.lineCount());
      node.put("rationale", entry.rationale());
      node.put("decisions", entry.decisions());
      list.add(node);
    }
    json.put("entries", list);
    json.put("omitted", omitted);
    json.put("uncommitted", uncommitted.stream().map(LineHistory::range).toList());
    return json;
  }

  private static Map<String, Object> range(LineRange range) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("from", range.from());
    node.put("to", range.to());
    return node;
  }

  private static String labels(List<LineRange> ranges) {
    return String.join(", ", ranges.stream().map(LineRange::label).toList());
  }

  private static String shortSha(Entry entry) {
    return entry.commits().isEmpty() ? "" : shorten(entry.commits().get(0));
  }

  private static String shorten(String sha) {
    return sha.length() > 10 ? sha.substring(0, 10) : sha;
  }

  private static String time(Instant instant) {
    return instant == null ? "" : LedgerEntry.TIME.format(instant);
  }
}
