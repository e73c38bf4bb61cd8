package io.changetrail.app.risk;

import io.changetrail.domain.risk.Szz;
import io.changetrail.git.FixDiffs;
import io.changetrail.git.GitBlame;
import io.changetrail.git.GitRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * SZZ: traces the lines fix commits deleted or changed back to the commits that last shaped them,
 * by blaming the fix's parent ({@code git blame --porcelain -w -M -C}, so whitespace changes and
 * moved lines lead to the commit that wrote them, and renames are followed: the fix's diff is read
 * with {@code -M}, the file is blamed under its path in the parent, and each link keeps the file's
 * path in the commit blamed). Only what the fix touched is blamed, within the bounds of {@link
 * Szz#targets}: lines the fix only moved or re-indented are not.
 */
public final class SzzTracer {
  private final GitRepository git;

  public SzzTracer(GitRepository git) {
    this.git = git;
  }

  /**
   * What tracing found.
   *
   * @param bugInducing the commits labelled bug-inducing
   * @param tracedFixes fixes with at least one traced line
   * @param blameFailures blames git could not do (an object missing, a path absent)
   * @param links each fix, a commit it leads back to, and the file's path in that commit
   */
  public record Result(
      Set<String> bugInducing, int tracedFixes, int blameFailures, Set<Link> links) {}

  /** One traced link: the fix, the bug-inducing commit, the file's path in that commit. */
  public record Link(String fix, String bugInducing, String path) implements Comparable<Link> {
    @Override
    public int compareTo(Link o) {
      int c = fix.compareTo(o.fix);
      c = c != 0 ? c : bugInducing.compareTo(o.bugInducing);
      return c != 0 ? c : String.valueOf(path).compareTo(String.valueOf(o.path));
    }
  }

  /**
   * Traces the fixes back.
   *
   * @param fixes each fix commit and its first parent
   * @param known the commits that may be labelled (others, e.g. merges, are not)
   */
  public Result trace(
      Map<String, String> fixes, Set<String> known, CalibrateRisk.Progress progress) {
    progress.phase("reading the fixes' diffs");
    FixDiffs.Result diffs = git.fixDiffs().read(fixes.keySet());
    progress.phase("tracing " + fixes.size() + " fixes back with blame");
    GitBlame blame = git.blame();
    Set<String> bugInducing = new TreeSet<>();
    Set<Link> links = new TreeSet<>();
    int traced = 0;
    int failures = diffs.unreadable().size();
    int done = 0;
    for (Map.Entry<String, String> fix : fixes.entrySet()) {
      progress.advance(++done, fixes.size());
      List<Szz.BlameTarget> targets =
          Szz.targets(diffs.hunks().getOrDefault(fix.getKey(), List.of()));
      if (targets.isEmpty()) {
        continue;
      }
      traced++;
      for (Szz.BlameTarget target : targets) {
        Optional<List<GitBlame.Line>> lines =
            blame.blameAt(fix.getValue(), target.parentPath(), Szz.ranges(target.lines()));
        if (lines.isEmpty()) {
          failures++;
          continue;
        }
        for (GitBlame.Line line : lines.get()) {
          if (known.contains(line.sha()) && !line.sha().equals(fix.getKey())) {
            bugInducing.add(line.sha());
            links.add(new Link(fix.getKey(), line.sha(), line.path()));
          }
        }
      }
    }
    return new Result(bugInducing, traced, failures, links);
  }
}
