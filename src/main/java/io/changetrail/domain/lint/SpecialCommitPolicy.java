package io.changetrail.domain.lint;

/** What the linter does with merge, revert and {@code fixup!}/{@code squash!} commits. */
public enum SpecialCommitPolicy {
  /** Not linted at all. */
  SKIP,
  /** Not linted, but a warning says it is there (e.g. a fixup that should be squashed). */
  WARN,
  /** Only the minimum: not empty, and a revert names the commit it reverts. */
  RELAXED,
  /** Linted like any other change document. */
  LINT,
  /** Always an error (e.g. no fixup commits may be pushed). */
  REJECT
}
