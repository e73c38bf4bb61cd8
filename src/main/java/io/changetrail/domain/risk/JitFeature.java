package io.changetrail.domain.risk;

/**
 * The just-in-time features of a change (Kamei et al.'s families, plus ChangeTrail's own factors),
 * in the order a model file lists them. Counts are log-transformed ({@code ln(1 + x)}) before they
 * are standardized.
 */
public enum JitFeature {
  LA("la", "lines added", true, "split the change into smaller ones", null),
  LD("ld", "lines deleted", true, "split the change into smaller ones", null),
  NF("nf", "files changed", true, "split the change into smaller ones", null),
  ND("nd", "directories changed", true, "split the change by directory", null),
  NS(
      "ns",
      "subsystems (top-level directories) changed",
      true,
      "split the change by subsystem",
      null),
  ENTROPY("entropy", "spread of the lines over the files", false, "split the change", null),
  LT(
      "lt",
      "lines in the changed files before the change",
      true,
      "review the large files with their maintainer",
      null),
  NUC(
      "nuc",
      "prior changes to the files",
      true,
      "add tests around the files that change often",
      null),
  NDEV(
      "ndev",
      "developers who touched the files",
      true,
      "ask the files' main maintainer to review",
      "a second reviewer who knows these files"),
  AGE(
      "age",
      "days since the files last changed",
      true,
      "ask who last changed the files to review",
      null),
  EXP("exp", "the author's prior commits", true, null, "a second reviewer who knows the code"),
  FEXP(
      "fexp",
      "the author's prior changes to these files",
      true,
      null,
      "a second reviewer who has changed these files"),
  FIX("fix", "the change is a fix", false, "add the regression test of the fix", null),
  TIER(
      "tier",
      "criticality of the most critical system changed (tier 1 = 4)",
      false,
      "stage the rollout of the critical system",
      null),
  SENSITIVE(
      "sensitive",
      "sensitive-path rules matched",
      true,
      "separate the sensitive files into their own change",
      null),
  DEPENDENTS(
      "dependents",
      "systems depending on the change through the build",
      true,
      "run the tests of the dependent systems",
      null),
  TESTS(
      "tests",
      "test files changed with the change",
      true,
      null,
      "add the missing test of the file that changed"),
  TLA("tla", "lines of tests added", true, null, "add the missing test of the file that changed");

  private final String id;
  private final String description;
  private final boolean count;
  private final String whenMore;
  private final String whenLess;

  JitFeature(String id, String description, boolean count, String whenMore, String whenLess) {
    this.id = id;
    this.description = description;
    this.count = count;
    this.whenMore = whenMore;
    this.whenLess = whenLess;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** Whether the feature is a count, log-transformed before standardization. */
  public boolean count() {
    return count;
  }

  /**
   * What would lower the risk this feature adds, in general terms, for the direction in which a
   * model learned that it raises risk: {@code more} when a larger value went with bug-inducing
   * changes (a positive coefficient), else a smaller one. Empty when nothing the author or the
   * approver can do to the change would lower it in that direction: advice that follows intuition
   * against the learned sign (add tests where more tests went with bugs) would raise the score.
   */
  public java.util.Optional<String> remedy(boolean more) {
    return java.util.Optional.ofNullable(more ? whenMore : whenLess);
  }

  /** The value a model sees: {@code ln(1 + x)} for counts, else {@code x}. */
  public double transform(double raw) {
    return count ? Math.log1p(Math.max(0, raw)) : raw;
  }

  public static JitFeature byId(String id) {
    for (JitFeature f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown feature '" + id + "'");
  }
}
