package io.changetrail.cli;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.changelog.ChangelogFormats;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.json.Json;
import io.changetrail.ledger.LedgerStore;
import java.time.Clock;
import java.util.Optional;

/** Opens the lifecycle for a command and prints documents in the format asked for. */
final class LifecycleSupport {
  private LifecycleSupport() {}

  static Lifecycle open(Main main, AuditCommand.LedgerOption ledger) {
    Workspace workspace = Workspace.open(main.directory());
    String url = LedgerLocation.resolve(ledger.value(), workspace.git());
    LedgerStore store = LedgerStore.open(url);
    try {
      return new Lifecycle(
          workspace, store, () -> Lifecycle.actorOf(workspace, null), Clock.systemUTC());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Opens the lifecycle for a command that only reads: a zero-byte ledger file is refused, never
   * re-created.
   */
  static Lifecycle openForRead(Main main, AuditCommand.LedgerOption ledger) {
    Workspace workspace = Workspace.open(main.directory());
    String url = LedgerLocation.resolve(ledger.value(), workspace.git());
    LedgerStore store = LedgerStore.openForRead(url);
    try {
      return new Lifecycle(
          workspace, store, () -> Lifecycle.actorOf(workspace, null), Clock.systemUTC());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  static String json(Object tree) {
    return Json.pretty(tree);
  }

  /** Markdown as HTML: escaped, URLs sanitised, nothing from a change runs in a browser. */
  static String html(String markdown, String title) {
    return ChangelogFormats.html(markdown, title);
  }

  static Optional<String> blankToEmpty(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
