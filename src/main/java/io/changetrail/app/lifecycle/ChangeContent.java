package io.changetrail.app.lifecycle;

import io.changetrail.app.config.ForgeConfig;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.change.ForgeLinks;
import io.changetrail.domain.change.UnifiedDiff;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.git.GitRepository;
import java.util.List;
import java.util.Optional;

/**
 * The use case "show what a change changes": its commits and its diff (files and hunks) from the
 * repository, with the forge's links when changetrail.yml names a forge. A change whose commits the
 * repository does not have is said to be unavailable, with the reason.
 */
public final class ChangeContent {
  /** At most this much diff is shown; the rest is left to the forge or git. */
  public static final int MAX_DIFF_BYTES = 512 * 1024;

  private final Lifecycle lifecycle;
  private final java.util.function.Supplier<ForgeLinks> forge;

  /** Reads the forge settings of changetrail.yml at each {@link #of} (a command runs once). */
  public ChangeContent(Lifecycle lifecycle) {
    this(lifecycle, () -> ForgeConfig.load(lifecycle.workspace().git().root()));
  }

  /** With the forge settings read once (a server node reads its configuration at start). */
  public ChangeContent(Lifecycle lifecycle, ForgeLinks forge) {
    this(lifecycle, () -> forge);
  }

  /** The forge links of a workspace's changetrail.yml, read now. */
  public static ForgeLinks forgeLinks(io.changetrail.app.Workspace workspace) {
    return ForgeConfig.load(workspace.git().root());
  }

  private ChangeContent(Lifecycle lifecycle, java.util.function.Supplier<ForgeLinks> forge) {
    this.lifecycle = lifecycle;
    this.forge = forge;
  }

  /**
   * What the repository holds of a change.
   *
   * @param unavailable why the commits and diff cannot be shown (empty when they can)
   * @param truncated whether the diff was cut at {@link #MAX_DIFF_BYTES}
   */
  public record Content(
      List<CommitInfo> commits,
      List<UnifiedDiff.File> files,
      boolean truncated,
      ForgeLinks forge,
      Optional<String> unavailable) {
    public Content {
      commits = List.copyOf(commits);
      files = List.copyOf(files);
    }
  }

  public Content of(ChangeRecord change) {
    ForgeLinks forge = this.forge.get();
    if (change.base().isEmpty() || change.tip().isEmpty()) {
      return new Content(
          List.of(), List.of(), false, forge, Optional.of("the change names no commits"));
    }
    GitRepository git = lifecycle.workspace().git();
    try {
      List<CommitInfo> commits = git.commits(change.base() + ".." + change.tip());
      GitRepository.Patch patch = git.patch(change.base(), change.tip(), MAX_DIFF_BYTES);
      return new Content(
          commits, UnifiedDiff.parse(patch.text()), patch.truncated(), forge, Optional.empty());
    } catch (ChangeTrailException e) {
      return new Content(
          List.of(),
          List.of(),
          false,
          forge,
          Optional.of(
              "the change's commits are not in this server's clone (" + e.getMessage() + ")"));
    }
  }
}
