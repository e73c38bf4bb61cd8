package io.changetrail.app.risk;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.domain.risk.FailedChanges;
import io.changetrail.ledger.LedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The commits of changes that failed in production, from the ledger: read only when a ledger exists
 * (an absent SQLite file is not created just to find it empty).
 */
public final class LedgerOutcomes {
  private LedgerOutcomes() {}

  public static Set<String> failedCommits(Workspace workspace, Optional<String> ledger) {
    String url = LedgerLocation.resolve(ledger, workspace.git());
    if (url.startsWith("jdbc:sqlite:")) {
      Path file = Path.of(url.substring("jdbc:sqlite:".length()));
      if (!Files.isRegularFile(file)) {
        return Set.of();
      }
    }
    try (LedgerStore store = LedgerStore.open(url)) {
      Lifecycle lifecycle =
          new Lifecycle(workspace, store, () -> new Person("calibrate", ""), Clock.systemUTC());
      return FailedChanges.commits(lifecycle.ledger().changes());
    }
  }
}
