package io.changetrail.domain.assess;

import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.system.FileKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the type of a change from its description and its files.
 *
 * <p>In order: a type declared in the header ({@code FEATURE: ...}, {@code feat(router)!: ...});
 * what the files alone say (only configuration, only deletions, only documentation or tests); the
 * methodology's keywords, matched as whole words (so "prefix" is not a fix), words of the summary
 * line counting double; else GENERAL. Ties go to the riskier type.
 */
public final class ChangeClassifier {
  /** {@code TYPE(scope)!: summary}. */
  public static final Pattern HEADER = ChangeDocumentParser.HEADER;

  private static final Pattern BREAKING_FOOTER = Pattern.compile("(?m)^BREAKING[ -]CHANGE:\\s*\\S");
  private static final Set<String> FIX_PROTOCOL_CONTEXT =
      Set.of(
          "session",
          "sessions",
          "protocol",
          "engine",
          "gateway",
          "dictionary",
          "tag",
          "tags",
          "message",
          "messages",
          "acceptor",
          "initiator",
          "venue",
          "4",
          "5",
          "44",
          "42",
          "50");

  /** Tie-break order: when two types score the same, the earlier one wins. */
  private static final List<ChangeType> PRIORITY =
      List.of(
          ChangeType.SECURITY,
          ChangeType.BUGFIX,
          ChangeType.INTEGRATION,
          ChangeType.FEATURE,
          ChangeType.CONFIGURATION,
          ChangeType.ENHANCEMENT,
          ChangeType.CLEANUP);

  public Classification classify(String description, List<FileChange> files) {
    return classify(description, files, Vocabulary.methodology());
  }

  /** Classifies, reading a declared header type with a team's type aliases. */
  public Classification classify(
      String description, List<FileChange> files, Vocabulary vocabulary) {
    String text = description == null ? "" : description.strip();
    int end = 0;
    while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
      end++;
    }
    String subject = text.substring(0, end); // the first line, as text.lines() reads it
    boolean breaking = text.contains("BREAKING") && BREAKING_FOOTER.matcher(text).find();
    ChangeScope scope = scopeOf(files);

    Matcher header = HEADER.matcher(subject);
    if (header.matches()) {
      breaking |= header.group(3) != null;
      Optional<ChangeType> declared = vocabulary.type(header.group(1));
      if (declared.isPresent()) {
        List<String> evidence = new ArrayList<>();
        evidence.add("header declares '" + header.group(1) + "' -> " + declared.get());
        scopeEvidence(scope).ifPresent(evidence::add);
        return new Classification(declared.get(), evidence, scope, breaking);
      }
    }

    Optional<String> release = releaseBookkeeping(subject, files);
    if (release.isPresent()) {
      return new Classification(ChangeType.GENERAL, List.of(release.get()), scope, breaking);
    }

    switch (scope) {
      case DEPENDENCIES_ONLY:
        {
          // a bump that closes a vulnerability is a security change; any other bump is build
          // configuration, whatever words ("update", "add") its message uses
          Map<ChangeType, Integer> scores = new EnumMap<>(ChangeType.class);
          Map<ChangeType, Set<String>> matched = new EnumMap<>(ChangeType.class);
          scoreWords(text, 1, scores, matched);
          List<String> evidence = new ArrayList<>();
          evidence.add(
              "only dependency manifests and lockfiles changed ("
                  + files.size()
                  + "): a dependency bump");
          if (scores.getOrDefault(ChangeType.SECURITY, 0) > 0) {
            evidence.add("keywords " + String.join(", ", matched.get(ChangeType.SECURITY)));
            return new Classification(ChangeType.SECURITY, evidence, scope, breaking);
          }
          return new Classification(ChangeType.CONFIGURATION, evidence, scope, breaking);
        }
      case CI_ONLY:
        return new Classification(
            ChangeType.CONFIGURATION,
            List.of("only CI pipeline configuration changed (" + files.size() + ")"),
            scope,
            breaking);
      case CONFIGURATION_ONLY:
        return new Classification(
            ChangeType.CONFIGURATION,
            List.of("only configuration files changed (" + files.size() + ")"),
            scope,
            breaking);
      case DELETIONS_ONLY:
        return new Classification(
            ChangeType.CLEANUP,
            List.of("only deletions (" + files.size() + " files removed)"),
            scope,
            breaking);
      case DOCUMENTATION_ONLY:
        return new Classification(
            ChangeType.GENERAL, List.of("documentation-only change"), scope, breaking);
      default:
        break;
    }

    Map<ChangeType, Integer> scores = new EnumMap<>(ChangeType.class);
    Map<ChangeType, Set<String>> matched = new EnumMap<>(ChangeType.class);
    scoreWords(subject, 2, scores, matched);
    String body = text.length() > subject.length() ? text.substring(subject.length()) : "";
    scoreWords(body, 1, scores, matched);
    if (scope == ChangeScope.TESTS_ONLY) {
      // a change to tests alone fixes, adds or removes nothing users run: its words ("add a
      // failing regression test") say what the tests cover
      List<String> evidence = new ArrayList<>();
      evidence.add("tests-only change");
      if (!matched.isEmpty()) {
        List<String> words = new ArrayList<>();
        for (ChangeType type : PRIORITY) {
          if (matched.containsKey(type)) {
            words.addAll(matched.get(type));
          }
        }
        evidence.add(
            "keywords "
                + String.join(", ", words)
                + " describe what the tests cover, not a change to production code");
      }
      return new Classification(ChangeType.GENERAL, evidence, scope, breaking);
    }

    ChangeType best = null;
    int bestScore = 0;
    for (ChangeType type : PRIORITY) {
      int score = scores.getOrDefault(type, 0);
      if (score > bestScore) {
        best = type;
        bestScore = score;
      }
    }
    List<String> evidence = new ArrayList<>();
    if (best == null) {
      evidence.add(
          text.isEmpty()
              ? "no description to classify"
              : "no keyword of the methodology's table, nor of ChangeTrail's additions, in the"
                  + " description");
      return new Classification(ChangeType.GENERAL, evidence, scope, breaking);
    }
    evidence.add(
        0,
        "keywords "
            + String.join(", ", matched.get(best))
            + " (score "
            + bestScore
            + (scores.size() > 1 ? ", " + runnersUp(scores, best) : "")
            + ")");
    return new Classification(best, evidence, scope, breaking);
  }

  /**
   * The subjects release tools write ({@code [maven-release-plugin] prepare release x-1.2}, {@code
   * [Gradle Release Plugin] - new version commit: '1.3-SNAPSHOT'}, {@code prepare for next
   * development iteration}, {@code Release 1.2.3}, {@code Bump version to 1.2.3}, {@code v1.2.3}).
   */
  private static final Pattern RELEASE_SUBJECT =
      Pattern.compile(
          "(?i)^(?:\\[(?:maven-release-plugin|gradle release plugin|gradle-release|release-it)\\].*"
              + "|prepare (?:for )?(?:the )?next development iteration.*"
              + "|prepare(?:d)? (?:for )?release\\b.*"
              + "|(?:chore(?:\\(release\\))?: )?release v?\\d+(?:\\.\\d+)+\\S*\\s*"
              + "|(?:bump|set|update|change) (?:the )?(?:project |release )?version (?:to|for) v?\\d\\S*\\s*"
              + "|v?\\d+\\.\\d+(?:\\.\\d+)?(?:-[\\w.]+)?)$");

  /**
   * A release tool's version commit: its subject says so, and it changes only build files (poms,
   * {@code gradle.properties}, {@code package.json}...) and release notes. Its words ("new version
   * commit") describe the release, not a feature; the bumped versions are the project's own, not a
   * dependency's.
   */
  public static Optional<String> releaseBookkeeping(String subject, List<FileChange> files) {
    if (files.isEmpty() || !RELEASE_SUBJECT.matcher(subject.strip()).matches()) {
      return Optional.empty();
    }
    for (FileChange f : files) {
      FileKind kind = FileKind.of(f.path());
      String name = f.path().substring(f.path().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      boolean versionFile = name.equals("version") || name.equals("version.txt");
      if (kind != FileKind.BUILD && kind != FileKind.DOCUMENTATION && !versionFile) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "release bookkeeping: a release tool's version commit ('"
            + (subject.length() > 60 ? subject.substring(0, 57) + "..." : subject.strip())
            + "') that changes only build files and release notes ("
            + files.size()
            + ")");
  }

  private static String runnersUp(Map<ChangeType, Integer> scores, ChangeType best) {
    List<String> others = new ArrayList<>();
    for (ChangeType type : PRIORITY) {
      if (type != best && scores.getOrDefault(type, 0) > 0) {
        others.add(type + " " + scores.get(type));
      }
    }
    return "over " + String.join(", ", others);
  }

  private static Optional<String> scopeEvidence(ChangeScope scope) {
    return switch (scope) {
      case DOCUMENTATION_ONLY -> Optional.of("documentation-only change");
      case TESTS_ONLY -> Optional.of("tests-only change");
      case CONFIGURATION_ONLY -> Optional.of("only configuration files changed");
      case DEPENDENCIES_ONLY -> Optional.of("only dependency manifests and lockfiles changed");
      case CI_ONLY -> Optional.of("only CI pipeline configuration changed");
      case DELETIONS_ONLY -> Optional.of("only deletions");
      case MIXED -> Optional.empty();
    };
  }

  /** What kinds of file a change touches, when they are all of one kind. */
  public static ChangeScope scopeOf(List<FileChange> files) {
    if (files.isEmpty()) {
      return ChangeScope.MIXED;
    }
    // one pass, each file's kind judged once; the first scope all files share wins, in this order
    boolean deletions = true;
    boolean documentation = true;
    boolean tests = true;
    boolean dependencies = true;
    boolean ci = true;
    boolean configuration = true;
    for (FileChange f : files) {
      deletions &= f.status() == FileStatus.DELETED;
      if (documentation || tests || configuration) {
        FileKind kind = FileKind.of(f.path());
        documentation &= kind == FileKind.DOCUMENTATION;
        tests &= kind == FileKind.TEST;
        configuration &= kind == FileKind.CONFIGURATION;
      }
      dependencies = dependencies && isDependencyManifest(f.path());
      ci = ci && isCiConfiguration(f.path());
      if (!(deletions || documentation || tests || dependencies || ci || configuration)) {
        return ChangeScope.MIXED;
      }
    }
    if (deletions) {
      return ChangeScope.DELETIONS_ONLY;
    }
    if (documentation) {
      return ChangeScope.DOCUMENTATION_ONLY;
    }
    if (tests) {
      return ChangeScope.TESTS_ONLY;
    }
    if (dependencies) {
      return ChangeScope.DEPENDENCIES_ONLY;
    }
    if (ci) {
      return ChangeScope.CI_ONLY;
    }
    if (configuration) {
      return ChangeScope.CONFIGURATION_ONLY;
    }
    return ChangeScope.MIXED;
  }

  private static final Set<String> DEPENDENCY_FILES =
      Set.of(
          "pom.xml",
          "build.gradle",
          "build.gradle.kts",
          "libs.versions.toml",
          "gradle-wrapper.properties",
          "maven-wrapper.properties",
          "package.json",
          "package-lock.json",
          "npm-shrinkwrap.json",
          "yarn.lock",
          "pnpm-lock.yaml",
          "bun.lockb",
          "go.mod",
          "go.sum",
          "go.work.sum",
          "cargo.toml",
          "cargo.lock",
          "gemfile",
          "gemfile.lock",
          "composer.json",
          "composer.lock",
          "pipfile",
          "pipfile.lock",
          "poetry.lock",
          "uv.lock",
          "requirements.txt",
          "packages.lock.json",
          "directory.packages.props");

  /** A file that declares or pins dependency versions (a manifest or a lockfile). */
  static boolean isDependencyManifest(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    String name = lower.substring(lower.lastIndexOf('/') + 1);
    return DEPENDENCY_FILES.contains(name)
        || (name.startsWith("requirements") && name.endsWith(".txt"))
        || name.endsWith(".versions.toml");
  }

  /** A file of a CI pipeline's configuration. */
  static boolean isCiConfiguration(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    String name = lower.substring(lower.lastIndexOf('/') + 1);
    return lower.startsWith(".github/workflows/")
        || lower.startsWith(".github/actions/")
        || name.equals("dependabot.yml")
        || name.equals("renovate.json")
        || lower.startsWith(".circleci/")
        || lower.startsWith(".buildkite/")
        || name.equals(".gitlab-ci.yml")
        || name.equals("jenkinsfile")
        || name.equals(".travis.yml")
        || name.equals("azure-pipelines.yml")
        || name.equals("bitbucket-pipelines.yml")
        || name.equals("appveyor.yml");
  }

  private static void scoreWords(
      String text,
      int weight,
      Map<ChangeType, Integer> scores,
      Map<ChangeType, Set<String>> matched) {
    // the words ([\\p{L}\\p{N}]+) as spans of the text: most are no keyword's form, and a
    // word whose first three letters start no form is passed over without making a string of it
    int[] spans = wordSpans(text);
    int count = spans[0];
    for (int i = 0; i < count; i++) {
      int from = spans[1 + 2 * i];
      int to = spans[2 + 2 * i];
      if (to - from == 3 && text.startsWith("FIX", from) && i + 1 < count) {
        String next = text.substring(spans[3 + 2 * i], spans[4 + 2 * i]).toLowerCase(Locale.ROOT);
        if (FIX_PROTOCOL_CONTEXT.contains(next)) {
          add(ChangeType.INTEGRATION, "FIX " + next, weight, scores, matched);
          continue;
        }
      }
      if (!Forms.mayStartAForm(text, from, to)) {
        continue;
      }
      String word = text.substring(from, to).toLowerCase(Locale.ROOT);
      for (Keyword keyword : Forms.MAP.getOrDefault(word, List.of())) {
        add(keyword.type(), keyword.word(), weight, scores, matched);
      }
    }
  }

  /** The scores and matched keywords of a text read at weight 1 (for tests). */
  static Map<ChangeType, Set<String>> keywordsOf(String text) {
    Map<ChangeType, Set<String>> matched = new EnumMap<>(ChangeType.class);
    scoreWords(text, 1, new EnumMap<>(ChangeType.class), matched);
    return matched;
  }

  /**
   * The words of {@code text}: {@code [count, from0, to0, from1, to1, ...]}, a word being a run of
   * letters and numbers ({@code \\p{L}} and {@code \\p{N}}, as the regular expression reads them).
   */
  private static int[] wordSpans(String text) {
    int[] spans = new int[17];
    int count = 0;
    int i = 0;
    int length = text.length();
    while (i < length) {
      int cp = text.codePointAt(i);
      if (!isWordCodePoint(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int from = i;
      while (i < length) {
        cp = text.codePointAt(i);
        if (!isWordCodePoint(cp)) {
          break;
        }
        i += Character.charCount(cp);
      }
      if (2 + 2 * count >= spans.length) {
        spans = java.util.Arrays.copyOf(spans, spans.length * 2 + 1);
      }
      spans[1 + 2 * count] = from;
      spans[2 + 2 * count] = i;
      count++;
    }
    spans[0] = count;
    return spans;
  }

  private static boolean isWordCodePoint(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER ->
          true;
      default -> false;
    };
  }

  /** A keyword of a type. */
  private record Keyword(ChangeType type, String word) {}

  /**
   * Every form {@link #isFormOf} accepts, to the keywords it is a form of (in tie-break order, then
   * the order of each type's keywords): one lookup per word of a message instead of a test against
   * every keyword.
   */
  private static final class Forms {
    static final Map<String, List<Keyword>> MAP = forms();

    /** The first three letters of every form, packed (all forms are ASCII, three or more long). */
    static final int[] PREFIXES = prefixes(MAP);

    /**
     * Whether the word at {@code [from, to)} of {@code text} may be a form: false only for an ASCII
     * word shorter than every form or whose first three letters start none.
     */
    static boolean mayStartAForm(String text, int from, int to) {
      int key = 0;
      for (int i = from; i < to; i++) {
        if (text.charAt(i) >= 0x80) {
          return true; // lower-casing may change it: looked up as it is
        }
      }
      if (to - from < 3) {
        return false;
      }
      for (int i = from; i < from + 3; i++) {
        key = (key << 8) | Character.toLowerCase(text.charAt(i));
      }
      return java.util.Arrays.binarySearch(PREFIXES, key) >= 0;
    }

    private static int[] prefixes(Map<String, List<Keyword>> forms) {
      java.util.TreeSet<Integer> keys = new java.util.TreeSet<>();
      for (String form : forms.keySet()) {
        if (form.length() < 3 || !form.chars().allMatch(c -> c < 0x80)) {
          throw new IllegalStateException("a keyword form the prefix filter cannot hold: " + form);
        }
        keys.add((form.charAt(0) << 16) | (form.charAt(1) << 8) | form.charAt(2));
      }
      return keys.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static Map<String, List<Keyword>> forms() {
    Map<String, List<Keyword>> forms = new java.util.HashMap<>();
    for (ChangeType type : PRIORITY) {
      for (String keyword : type.keywords()) {
        String stem = keyword.endsWith("e") ? keyword.substring(0, keyword.length() - 1) : keyword;
        char last = keyword.charAt(keyword.length() - 1);
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(keyword);
        for (String suffix : INFLECTIONS) {
          candidates.add(keyword + suffix);
          candidates.add(stem + suffix);
        }
        candidates.add(keyword + last + "ed");
        candidates.add(keyword + last + "ing");
        for (String form : candidates) {
          if (isFormOf(form, keyword)) {
            forms.computeIfAbsent(form, f -> new ArrayList<>()).add(new Keyword(type, keyword));
          }
        }
      }
    }
    forms.replaceAll((form, keywords) -> List.copyOf(keywords));
    return Map.copyOf(forms);
  }

  private static void add(
      ChangeType type,
      String keyword,
      int weight,
      Map<ChangeType, Integer> scores,
      Map<ChangeType, Set<String>> matched) {
    scores.merge(type, weight, Integer::sum);
    matched.computeIfAbsent(type, k -> new LinkedHashSet<>()).add("'" + keyword + "'");
  }

  /**
   * The endings that make a keyword's inflections and derived nouns: fixes, removed, implementing,
   * integration, implementation, improvements, enhancement, deployment, removal.
   */
  private static final List<String> INFLECTIONS =
      List.of(
          "s", "es", "ed", "d", "ing", "er", "ers", "ion", "ions", "ation", "ations", "ment",
          "ments", "al", "als");

  /** Whether {@code word} is {@code keyword} or one of its regular inflections. */
  static boolean isFormOf(String word, String keyword) {
    if (!word.startsWith(keyword.length() > 3 ? keyword.substring(0, 3) : keyword)) {
      return false;
    }
    if (word.equals(keyword)) {
      return true;
    }
    String stem = keyword.endsWith("e") ? keyword.substring(0, keyword.length() - 1) : keyword;
    for (String suffix : INFLECTIONS) {
      if (word.equals(keyword + suffix) || word.equals(stem + suffix)) {
        return true;
      }
    }
    // doubled final consonant: drop -> dropped, dropping
    char last = keyword.charAt(keyword.length() - 1);
    return word.equals(keyword + last + "ed") || word.equals(keyword + last + "ing");
  }
}
