package io.changetrail.app.init;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.config.ConfigLoader;
import io.changetrail.app.config.LifecycleConfig;
import io.changetrail.app.hooks.ManageHooks;
import io.changetrail.app.keys.KeyFiles;
import io.changetrail.app.users.AccessControl;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.git.CheckpointRef;
import io.changetrail.ledger.LedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The use case "what does this repository miss for the methodology": the implementation checklist's
 * setup (configuration, templates through the hooks, a ledger signing key, published checkpoints,
 * the team's users), each with what was found and the command that fixes it. Reads only: it creates
 * no ledger and changes nothing.
 */
public final class Doctor {
  /** One check: what it looks at, whether it is in place, what was found, how to fix it. */
  public record Check(String name, boolean ok, String found, String fix) {}

  private final Workspace workspace;

  public Doctor(Workspace workspace) {
    this.workspace = workspace;
  }

  public List<Check> examine(Optional<String> ledgerOption) {
    List<Check> checks = new ArrayList<>();
    Path root = workspace.git().root();
    Path config = root.resolve(ConfigLoader.FILE_NAME);
    if (!Files.isRegularFile(config)) {
      checks.add(
          new Check(
              "configuration",
              false,
              "no " + ConfigLoader.FILE_NAME + " (systems are discovered, defaults apply)",
              "changetrail init   (writes changetrail.yml from the build; review and commit it)"));
    } else {
      try {
        new ConfigLoader().load(root);
        LifecycleConfig.load(root);
        checks.add(new Check("configuration", true, ConfigLoader.FILE_NAME + " is valid", ""));
      } catch (ChangeTrailException e) {
        checks.add(new Check("configuration", false, e.getMessage(), e.hint()));
      }
    }

    List<String> hooks = new ManageHooks(workspace.git()).missing();
    checks.add(
        hooks.isEmpty()
            ? new Check(
                "hooks", true, "prepare-commit-msg, commit-msg and pre-push are ChangeTrail's", "")
            : new Check(
                "hooks",
                false,
                "not installed: " + String.join(", ", hooks),
                "changetrail hooks install   (--chain keeps hooks you already have)"));

    Path key = KeyFiles.privateKeyFile(Optional.empty());
    checks.add(
        Files.isRegularFile(key)
            ? new Check("signing key", true, "ledger key at " + key, "")
            : new Check(
                "signing key",
                false,
                "no ledger signing key at " + key,
                "changetrail keys generate --name <your-domain>/ledger"));

    List<String> published = CheckpointRef.of(workspace.git()).history();
    checks.add(
        published.isEmpty()
            ? new Check(
                "checkpoints",
                false,
                "no signed checkpoint on " + CheckpointRef.REF,
                "changetrail audit checkpoint, then git push origin"
                    + " 'refs/changetrail/*:refs/changetrail/*'")
            : new Check(
                "checkpoints",
                true,
                published.size() + " checkpoint(s) on " + CheckpointRef.REF,
                ""));

    checks.add(users(ledgerOption));
    return checks;
  }

  private Check users(Optional<String> ledgerOption) {
    Path defaultLedger = workspace.git().gitDir().resolve("changetrail").resolve("ledger.db");
    boolean named =
        ledgerOption.isPresent()
            || System.getenv("CHANGETRAIL_LEDGER") != null
            || configuresLedger(workspace.git().root());
    if (!named && !Files.isRegularFile(defaultLedger)) {
      return new Check(
          "users",
          false,
          "no ledger yet, so no users",
          "changetrail change new (creates the ledger), then changetrail users add NAME --name"
              + " 'Full Name' --email EMAIL --roles ROLES");
    }
    try (LedgerStore store =
        LedgerStore.open(LedgerLocation.resolve(ledgerOption, workspace.git()))) {
      int users = new AccessControl(store, Clock.systemUTC()).users().size();
      return users == 0
          ? new Check(
              "users",
              false,
              "the ledger has no users: approvals and the team server have no one to trust",
              "changetrail users add NAME --name 'Full Name' --email EMAIL --roles ROLES")
          : new Check("users", true, users + " user(s) in the ledger", "");
    } catch (ChangeTrailException e) {
      return new Check("users", false, "the ledger cannot be read: " + e.getMessage(), e.hint());
    }
  }

  private static boolean configuresLedger(Path root) {
    try {
      return Files.readAllLines(root.resolve(ConfigLoader.FILE_NAME)).stream()
          .anyMatch(line -> line.startsWith("ledger:"));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
