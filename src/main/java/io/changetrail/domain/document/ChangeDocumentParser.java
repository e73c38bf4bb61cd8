package io.changetrail.domain.document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a change document from text: a commit message or a {@code changes/<id>.md} file. Never
 * fails: whatever the text, it returns a document (possibly with an empty or untyped header) and
 * leaves judging it to the linter. CRLF and CR line ends are read as LF, trailing spaces are
 * dropped (as git does), and {@code ##} inside fenced code blocks does not start a section.
 */
public final class ChangeDocumentParser {
  /** {@code TYPE(scope)!: summary}, the same form the classifier reads. */
  public static final Pattern HEADER =
      Pattern.compile("^([A-Za-z][A-Za-z-]*)(?:\\(([^)]*)\\))?(!)?:\\s*(.*)$");

  private static final Pattern TRAILER =
      Pattern.compile("^([A-Za-z0-9][A-Za-z0-9-]*|BREAKING CHANGE):\\s(.*)$");
  private static final Pattern SECTION = Pattern.compile("^##(?!#)\\s*(.*)$");

  private final Optional<Character> commentChar;
  private final Map<String, Section> aliases;

  /** A parser that keeps every line. */
  public ChangeDocumentParser() {
    this(Optional.empty());
  }

  /**
   * A parser that drops git's comment lines (those starting with {@code commentChar}, except our
   * own {@code ##} headings) and everything below git's scissors line, as {@code git commit} does
   * before it stores a message.
   */
  public ChangeDocumentParser(Optional<Character> commentChar) {
    this(commentChar, Map.of());
  }

  /**
   * A parser that also reads a team's own headings for the methodology's sections ({@code aliases}
   * from changetrail.yml, heading to section; compared as {@link Section#normalize} does).
   */
  public ChangeDocumentParser(Optional<Character> commentChar, Map<String, Section> aliases) {
    this.commentChar = commentChar;
    Map<String, Section> normalized = new HashMap<>();
    aliases.forEach((heading, section) -> normalized.put(Section.normalize(heading), section));
    this.aliases = Map.copyOf(normalized);
  }

  private DocumentSection section(String heading, String body) {
    Section alias = aliases.get(Section.normalize(heading));
    return alias == null
        ? new DocumentSection(heading, body)
        : new DocumentSection(heading, body, Optional.of(alias));
  }

  /** A parsed document and where its parts stand in the text (1-based line numbers). */
  public record Located(
      ChangeDocument document,
      int headerLine,
      boolean blankAfterHeader,
      List<Integer> sectionLines,
      List<Integer> sectionBodyLines,
      int trailersLine,
      int lineCount) {
    public Located {
      sectionLines = List.copyOf(sectionLines);
      sectionBodyLines = List.copyOf(sectionBodyLines);
    }

    /** The line number of line {@code index} (0-based) of the body of section {@code section}. */
    public int lineOf(int section, int index) {
      int first = sectionBodyLines.get(section);
      return first < 0 ? sectionLines.get(section) : first + index;
    }
  }

  public ChangeDocument parse(String text) {
    return parseLocated(text).document();
  }

  public Located parseLocated(String text) {
    List<Line> lines = lines(text == null ? "" : text);
    int start = 0;
    while (start < lines.size() && lines.get(start).blank()) {
      start++;
    }
    if (start == lines.size()) {
      return new Located(
          new ChangeDocument(Header.untyped(""), "", List.of(), List.of()),
          0,
          true,
          List.of(),
          List.of(),
          0,
          lines.size());
    }
    Line headerLine = lines.get(start);
    Header header = header(headerLine.text());
    List<Line> rest = new ArrayList<>(lines.subList(start + 1, lines.size()));
    boolean blankAfterHeader = rest.isEmpty() || rest.get(0).blank();
    trimTrailingBlanks(rest);

    List<Trailer> trailers = new ArrayList<>();
    int trailersLine = 0;
    int paragraph = rest.size();
    while (paragraph > 0 && !rest.get(paragraph - 1).blank()) {
      paragraph--;
    }
    if (paragraph > 0 && paragraph < rest.size() && isTrailerBlock(rest, paragraph)) {
      trailersLine = rest.get(paragraph).number();
      for (int i = paragraph; i < rest.size(); i++) {
        String line = rest.get(i).text();
        Matcher m = TRAILER.matcher(line);
        if (m.matches()) {
          trailers.add(new Trailer(m.group(1), m.group(2)));
        } else {
          Trailer last = trailers.remove(trailers.size() - 1);
          trailers.add(new Trailer(last.key(), last.value() + "\n" + line));
        }
      }
      rest = new ArrayList<>(rest.subList(0, paragraph));
      trimTrailingBlanks(rest);
    }

    List<DocumentSection> sections = new ArrayList<>();
    List<Integer> sectionLines = new ArrayList<>();
    List<Integer> bodyLines = new ArrayList<>();
    List<Line> current = new ArrayList<>();
    String heading = null;
    String intro = "";
    boolean fenced = false;
    for (Line line : rest) {
      String content = line.text();
      Matcher m = fenced ? null : SECTION.matcher(content);
      if (m != null && m.matches()) {
        if (heading == null) {
          intro = join(current, null);
        } else {
          sections.add(section(heading, join(current, bodyLines)));
        }
        heading = m.group(1).strip();
        sectionLines.add(line.number());
        current.clear();
        continue;
      }
      if (content.stripLeading().startsWith("```") || content.stripLeading().startsWith("~~~")) {
        fenced = !fenced;
      }
      current.add(line);
    }
    if (heading == null) {
      intro = join(current, null);
    } else {
      sections.add(section(heading, join(current, bodyLines)));
    }
    return new Located(
        new ChangeDocument(header, intro, sections, trailers),
        headerLine.number(),
        blankAfterHeader,
        sectionLines,
        bodyLines,
        trailersLine,
        lines.isEmpty() ? 0 : lines.get(lines.size() - 1).number());
  }

  /** Reads a header line; a line without the {@code TYPE: summary} form is kept as the summary. */
  public static Header header(String line) {
    Matcher m = HEADER.matcher(line);
    if (!m.matches()) {
      return Header.untyped(line.strip());
    }
    return new Header(
        m.group(1),
        m.group(2) == null ? "" : m.group(2).strip(),
        m.group(3) != null,
        m.group(4).strip());
  }

  private static boolean isTrailerBlock(List<Line> rest, int from) {
    if (!TRAILER.matcher(rest.get(from).text()).matches()) {
      return false;
    }
    for (int i = from + 1; i < rest.size(); i++) {
      String line = rest.get(i).text();
      boolean continuation = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
      if (!continuation && !TRAILER.matcher(line).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Joins lines without leading and trailing blank lines; records the first kept line's number. */
  private static String join(List<Line> lines, List<Integer> firstLines) {
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).blank()) {
      from++;
    }
    while (to > from && lines.get(to - 1).blank()) {
      to--;
    }
    if (firstLines != null && from < to) {
      firstLines.add(lines.get(from).number());
    } else if (firstLines != null) {
      firstLines.add(-1);
    }
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      if (i > from) {
        out.append('\n');
      }
      out.append(lines.get(i).text());
    }
    return out.toString();
  }

  private static void trimTrailingBlanks(List<Line> lines) {
    while (!lines.isEmpty() && lines.get(lines.size() - 1).blank()) {
      lines.remove(lines.size() - 1);
    }
  }

  private record Line(int number, String text) {
    boolean blank() {
      return text.isEmpty();
    }
  }

  private List<Line> lines(String text) {
    List<Line> lines = new ArrayList<>();
    int number = 0;
    int at = 0;
    int length = text.length();
    if (length > 0 && text.charAt(0) == '\uFEFF') {
      at = 1;
    }
    while (at < length) {
      int end = at;
      while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      number++;
      String line = stripTrailing(text, at, end);
      if (end < length
          && text.charAt(end) == '\r'
          && end + 1 < length
          && text.charAt(end + 1) == '\n') {
        end++;
      }
      at = end + 1;
      if (commentChar.isPresent() && !line.isEmpty() && line.charAt(0) == commentChar.get()) {
        if (line.contains(" >8 ")) {
          break;
        }
        if (!(commentChar.get() == '#' && line.startsWith("##"))) {
          continue;
        }
      }
      lines.add(new Line(number, line));
    }
    return lines;
  }

  private static String stripTrailing(String text, int from, int to) {
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
      to--;
    }
    return text.substring(from, to);
  }
}
