package io.changetrail.domain.changelog;

import io.changetrail.domain.assess.ChangeClassifier;
import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.Vocabulary;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.document.Header;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns commits into release entries: one per commit from its header; several from a squash or
 * merge commit whose body lists changes as {@code * TYPE: summary} lines; none from a merge that
 * lists none (its commits have entries of their own). A header without a type is classified from
 * its words and files, as {@code assess} does.
 */
public final class EntryExtractor {
  private static final Pattern BULLET = Pattern.compile("^\\*\\s+(.+)$");
  private static final Pattern MERGE =
      Pattern.compile("^Merge (branch|pull request|remote-tracking branch|tag|commit|'|\")");
  private static final Pattern BREAKING_FOOTER = Pattern.compile("(?m)^BREAKING[ -]CHANGE:\\s*\\S");

  private final ChangelogConfig config;
  private final Function<String, Optional<String>> systemOf;
  private final Vocabulary vocabulary;
  private final ChangeClassifier classifier = new ChangeClassifier();

  /**
   * @param systemOf the system a path belongs to
   */
  public EntryExtractor(ChangelogConfig config, Function<String, Optional<String>> systemOf) {
    this(config, Vocabulary.methodology(), systemOf);
  }

  /**
   * @param vocabulary the team's type aliases, read as {@code assess} reads them
   * @param systemOf the system a path belongs to
   */
  public EntryExtractor(
      ChangelogConfig config, Vocabulary vocabulary, Function<String, Optional<String>> systemOf) {
    this.config = config;
    this.vocabulary = vocabulary;
    this.systemOf = systemOf;
  }

  /**
   * Whether the entries of a commit depend on the paths it touches: those of every commit but a
   * merge that lists no change (it has no entry), so its paths need not be listed.
   */
  public boolean needsPaths(CommitInfo commit) {
    boolean merge = commit.isMerge() || MERGE.matcher(commit.subject()).find();
    return !merge || !listedChanges(commit.message(), true).isEmpty();
  }

  public List<ReleaseEntry> entries(CommitInfo commit, List<String> paths) {
    String message = commit.message();
    String subject = commit.subject();
    boolean merge = commit.isMerge() || MERGE.matcher(subject).find();
    List<Header> listed = listedChanges(message, merge);
    Set<String> systems = new TreeSet<>();
    for (String path : paths) {
      systemOf.apply(path).ifPresent(systems::add);
    }
    List<String> tickets = tickets(message);
    List<ReleaseEntry> entries = new ArrayList<>();
    Header header = ChangeDocumentParser.header(subject);
    if (!merge && !listed.isEmpty() && typeOf(header).isPresent()) {
      // a squash commit: its own header is the pull request's title, its bullets the changes
      for (Header item : listed) {
        entries.add(entry(commit, item, typeOf(item).orElseThrow(), systems, tickets, message));
      }
      return entries;
    }
    if (merge) {
      for (Header item : listed) {
        entries.add(entry(commit, item, typeOf(item).orElseThrow(), systems, tickets, message));
      }
      return entries;
    }
    Optional<ChangeType> declared = typeOf(header);
    ChangeType type;
    if (declared.isPresent()) {
      type = declared.get();
    } else {
      List<FileChange> files =
          paths.stream().map(p -> FileChange.of(p, FileStatus.MODIFIED, 0, 0)).toList();
      if (ChangeClassifier.releaseBookkeeping(subject, files).isPresent()) {
        return entries; // a release tool's version commit: the release itself, not a change in it
      }
      type = classifier.classify(message, files, vocabulary).type();
    }
    entries.add(entry(commit, header, type, systems, tickets, message));
    return entries;
  }

  private ReleaseEntry entry(
      CommitInfo commit,
      Header header,
      ChangeType type,
      Set<String> systems,
      List<String> tickets,
      String message) {
    boolean breaking =
        header.breaking()
            || (message.contains("BREAKING") && BREAKING_FOOTER.matcher(message).find());
    List<String> entrySystems = new ArrayList<>(systems);
    if (entrySystems.isEmpty() && !header.scope().isEmpty()) {
      entrySystems.add(header.scope());
    }
    return new ReleaseEntry(
        commit.sha(),
        type,
        header.scope(),
        header.summary(),
        breaking,
        entrySystems,
        tickets,
        commit.authorName(),
        commit.authorTime().toLocalDate());
  }

  private Optional<ChangeType> typeOf(Header header) {
    return header.typed() ? vocabulary.type(header.type()) : Optional.empty();
  }

  /**
   * The {@code * TYPE: summary} lines of a message body (a squash commit's list); for a merge, also
   * lines that are a header on their own (the pull request's title).
   */
  private List<Header> listedChanges(String message, boolean merge) {
    if (!merge && message.indexOf("\n*") < 0) {
      return List.of(); // no bullet line: the common case, without splitting the message
    }
    List<Header> headers = new ArrayList<>();
    boolean first = true;
    for (String line : message.split("\n")) {
      if (first) {
        first = false;
        continue;
      }
      Matcher bullet = BULLET.matcher(line);
      String candidate = bullet.matches() ? bullet.group(1) : line;
      if (!bullet.matches() && !(merge && isMergeBodyHeader(line))) {
        continue;
      }
      Header header = ChangeDocumentParser.header(candidate.strip());
      if (typeOf(header).isPresent() && !header.summary().isEmpty()) {
        headers.add(header);
      }
    }
    return headers;
  }

  /**
   * A merge's body often is just the pull request's title: {@code FEATURE: ...} on its own line.
   */
  private static boolean isMergeBodyHeader(String line) {
    return !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#");
  }

  private static final String DEFAULT_TICKET =
      ChangelogConfig.defaults().ticketPatterns().get(0).pattern();

  /**
   * The default pattern's ids ({@code \\b[A-Z][A-Z0-9]+-\\d+\\b}), found as the pattern finds them
   * but looked for only around each "-" before a digit: every id holds exactly one, and the letters
   * and digits before it, so the pattern runs on a few characters of a long message (its word
   * boundaries still see the text around them).
   */
  private static void defaultTickets(Pattern pattern, String message, Set<String> found) {
    Matcher m = null;
    int searched = 0; // where the previous id ended: ids do not overlap
    for (int dash = message.indexOf('-'); dash >= 0; dash = message.indexOf('-', dash + 1)) {
      if (dash + 1 >= message.length() || !Character.isDigit(message.charAt(dash + 1))) {
        continue;
      }
      int from = dash;
      while (from > searched && isAsciiLetterOrDigit(message.charAt(from - 1))) {
        from--;
      }
      int to = dash + 1;
      while (to < message.length() && Character.isDigit(message.charAt(to))) {
        to++;
      }
      if (from == dash) {
        continue;
      }
      if (m == null) {
        m = pattern.matcher(message).useTransparentBounds(true).useAnchoringBounds(false);
      }
      m.region(from, to);
      if (m.find()) {
        found.add(m.group());
        searched = m.end();
      }
    }
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  List<String> tickets(String message) {
    Set<String> found = new LinkedHashSet<>();
    for (Pattern pattern : config.ticketPatterns()) {
      if (pattern.pattern().equals(DEFAULT_TICKET)) {
        defaultTickets(pattern, message, found);
        continue;
      }
      Matcher m = pattern.matcher(message);
      while (m.find()) {
        found.add(m.group());
      }
    }
    return List.copyOf(found);
  }
}
