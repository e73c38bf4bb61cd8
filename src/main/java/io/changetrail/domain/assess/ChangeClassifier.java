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
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
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
    String subject = text.isEmpty() ? "" : text.lines().findFirst().orElse("");
    boolean breaking = BREAKING_FOOTER.matcher(text).find();
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
    if (scope == ChangeScope.TESTS_ONLY) {
      evidence.add("tests-only change");
      if (best == null) {
        return new Classification(ChangeType.GENERAL, evidence, scope, breaking);
      }
    }
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
    if (files.stream().allMatch(f -> f.status() == FileStatus.DELETED)) {
      return ChangeScope.DELETIONS_ONLY;
    }
    if (files.stream().allMatch(f -> FileKind.of(f.path()) == FileKind.DOCUMENTATION)) {
      return ChangeScope.DOCUMENTATION_ONLY;
    }
    if (files.stream().allMatch(f -> FileKind.of(f.path()) == FileKind.TEST)) {
      return ChangeScope.TESTS_ONLY;
    }
    if (files.stream().allMatch(f -> isDependencyManifest(f.path()))) {
      return ChangeScope.DEPENDENCIES_ONLY;
    }
    if (files.stream().allMatch(f -> isCiConfiguration(f.path()))) {
      return ChangeScope.CI_ONLY;
    }
    if (files.stream().allMatch(f -> FileKind.of(f.path()) == FileKind.CONFIGURATION)) {
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
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group());
    }
    for (int i = 0; i < words.size(); i++) {
      String original = words.get(i);
      String word = original.toLowerCase(Locale.ROOT);
      if (original.equals("FIX") && i + 1 < words.size()) {
        String next = words.get(i + 1).toLowerCase(Locale.ROOT);
        if (FIX_PROTOCOL_CONTEXT.contains(next)) {
          add(ChangeType.INTEGRATION, "FIX " + next, weight, scores, matched);
          continue;
        }
      }
      for (Keyword hit : Forms.ALL.getOrDefault(word, List.of())) {
        add(hit.type(), hit.keyword(), weight, scores, matched);
      }
    }
  }

  /** A keyword of a type's list. */
  private record Keyword(ChangeType type, String keyword) {}

  /**
   * Every form of every keyword ({@link #isFormOf}), with the keywords it is a form of in the order
   * they are tried (types by {@link #PRIORITY}, then each type's list): one lookup per word.
   */
  private static final class Forms {
    static final Map<String, List<Keyword>> ALL = forms();
  }

  private static Map<String, List<Keyword>> forms() {
    Map<String, List<Keyword>> forms = new java.util.HashMap<>();
    for (ChangeType type : PRIORITY) {
      for (String keyword : type.keywords()) {
        for (String form : formsOf(keyword)) {
          forms.computeIfAbsent(form, k -> new ArrayList<>()).add(new Keyword(type, keyword));
        }
      }
    }
    return forms;
  }

  /** The words {@link #isFormOf} accepts for {@code keyword}. */
  static Set<String> formsOf(String keyword) {
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
    candidates.removeIf(word -> !isFormOf(word, keyword));
    return candidates;
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
