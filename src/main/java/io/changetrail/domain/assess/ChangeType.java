package io.changetrail.domain.assess;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The methodology's change types, with the keywords that suggest each one: every keyword of the
 * methodology's {@code classify_change_type} table (its phrases 'new feature' and 'add strategy'
 * through their words), and ChangeTrail's additions (docs/classification.md lists both).
 */
public enum ChangeType {
  FEATURE(
      List.of("add", "new", "feature", "implement", "introduce", "support", "create", "enable")),
  ENHANCEMENT(
      List.of(
          "improve",
          "enhance",
          "optimize",
          "optimise",
          "speed",
          "faster",
          "performance",
          "refactor",
          "upgrade",
          "update",
          "extend",
          "simplify",
          "tune",
          "reduce")),
  BUGFIX(
      List.of(
          "fix",
          "bug",
          "bugfix",
          "hotfix",
          "resolve",
          "correct",
          "patch",
          "repair",
          "crash",
          "error",
          "regression",
          "issue",
          "broken",
          "defect",
          "incorrect",
          "wrong",
          "fail",
          "failure")),
  CLEANUP(
      List.of(
          "remove",
          "delete",
          "clean",
          "cleanup",
          "deprecate",
          "unused",
          "dead",
          "tidy",
          "prune",
          "drop",
          "obsolete",
          "eliminate",
          "consolidate")),
  CONFIGURATION(
      List.of(
          "config",
          "configure",
          "configuration",
          "setting",
          "parameter",
          "property",
          "toggle",
          "flag",
          "threshold",
          "limit",
          "environment",
          "constant")),
  INTEGRATION(
      List.of(
          "integrate",
          "integration",
          "connect",
          "connector",
          "api",
          "adapter",
          "gateway",
          "venue",
          "exchange",
          "feed",
          "webhook",
          "endpoint",
          "protocol",
          "counterparty",
          "broker",
          "deploy",
          "setup")),
  SECURITY(
      List.of(
          "security",
          "secure",
          "vulnerability",
          "cve",
          "auth",
          "authentication",
          "authorization",
          "authorisation",
          "encrypt",
          "encryption",
          "tls",
          "ssl",
          "xss",
          "csrf",
          "injection",
          "permission",
          "credential",
          "secret",
          "sanitize",
          "exploit")),
  /**
   * The methodology's workflow, stage 2 (its section 2.2): a commit recording the verification of a
   * change ({@code VERIFICATION: Validate change management integration}). Declared, never guessed.
   */
  VERIFICATION(List.of()),
  /**
   * The methodology's workflow, final stage: the consolidation commit of a change going to
   * production ({@code PRODUCTION: Complete ... implementation}). Declared, never guessed.
   */
  PRODUCTION(List.of()),
  GENERAL(List.of());

  private final List<String> keywords;

  ChangeType(List<String> keywords) {
    this.keywords = keywords;
  }

  public List<String> keywords() {
    return keywords;
  }

  /**
   * The type a header word names: a methodology type ({@code FEATURE}, {@code BUGFIX}...), a common
   * alias ({@code FIX}, {@code CONFIG}, {@code HOTFIX}) or a Conventional Commits type ({@code
   * feat}, {@code fix}, {@code perf}...).
   */
  public static Optional<ChangeType> fromHeaderWord(String word) {
    String upper = word.strip().toUpperCase(Locale.ROOT);
    for (ChangeType type : values()) {
      if (type.name().equals(upper)) {
        return Optional.of(type);
      }
    }
    return Optional.ofNullable(
        switch (upper) {
          case "FEAT" -> FEATURE;
          case "FIX", "HOTFIX", "BUG" -> BUGFIX;
          case "PERF", "REFACTOR", "IMPROVEMENT", "ENH" -> ENHANCEMENT;
          case "STYLE", "CLEAN", "CHORE" -> upper.equals("CHORE") ? GENERAL : CLEANUP;
          case "BUILD", "CI", "CONFIG", "CONF" -> CONFIGURATION;
          case "SEC" -> SECURITY;
          case "VERIFY", "VALIDATION" -> VERIFICATION;
          case "PROD" -> PRODUCTION;
          case "DOCS", "DOC", "TEST", "TESTS", "REVERT" -> GENERAL;
          default -> null;
        });
  }
}
