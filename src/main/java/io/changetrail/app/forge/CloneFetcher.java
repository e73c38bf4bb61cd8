package io.changetrail.app.forge;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.git.GitRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The use case "bring the server's clone up to date": {@code git fetch --prune} of the configured
 * remote (and refspecs), one fetch at a time per node. Run on a fixed interval and whenever a forge
 * says something was pushed. The remote and refspecs are configuration values: refused at start
 * when git could read them as options, and passed after {@code --end-of-options}.
 */
public final class CloneFetcher {
  private final GitRepository git;
  private final String remote;
  private final List<String> refspecs;
  private final Clock clock;
  private volatile Optional<Instant> lastFetched = Optional.empty();

  /** What a fetch did. */
  public record Fetch(String remote, Instant at, List<String> updates) {}

  public CloneFetcher(GitRepository git, String remote, List<String> refspecs, Clock clock) {
    this.git = git;
    this.remote = checked("remote", remote);
    this.refspecs = refspecs.stream().map(r -> checked("refspec", r)).toList();
    this.clock = clock;
  }

  private static String checked(String what, String value) {
    if (value == null || value.isBlank() || value.startsWith("-") || value.contains("\0")) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "the fetch " + what + " '" + value + "' is not usable: it is empty or starts with '-'",
          "name a remote of the server's clone (e.g. origin) and refspecs such as"
              + " +refs/heads/*:refs/remotes/origin/*");
    }
    return value;
  }

  /** Fetches now (waiting for a fetch already running on this node). */
  public synchronized Fetch fetch() {
    GitRepository.Fetched fetched = git.fetch(remote, refspecs);
    Instant at = clock.instant();
    lastFetched = Optional.of(at);
    return new Fetch(remote, at, fetched.updates());
  }

  /** When this node last fetched successfully. */
  public Optional<Instant> lastFetched() {
    return lastFetched;
  }

  public String remote() {
    return remote;
  }
}
