package io.changetrail.app.lifecycle;

import io.changetrail.domain.lifecycle.ChangeRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The use case "what was deployed where": every deployment of every change, newest first. */
public final class DeploymentLog {
  private final Lifecycle lifecycle;

  public DeploymentLog(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** One deployment and the change it deployed. */
  public record Entry(String change, String title, ChangeRecord.DeploymentRun run) {}

  /** The deployments to {@code environment} (all when empty), newest first. */
  public List<Entry> deployments(Optional<String> environment) {
    List<Entry> entries = new ArrayList<>();
    for (ChangeRecord change : lifecycle.ledger().changes()) {
      for (ChangeRecord.DeploymentRun run : change.deployments()) {
        if (environment.isEmpty() || environment.get().equals(run.environment())) {
          entries.add(new Entry(change.id(), change.title(), run));
        }
      }
    }
    entries.sort(Comparator.comparing((Entry e) -> e.run().started()).reversed());
    return entries;
  }

  /** The environments anything was ever deployed to, in name order. */
  public Set<String> environments() {
    Set<String> environments = new TreeSet<>();
    for (ChangeRecord change : lifecycle.ledger().changes()) {
      change.deployments().forEach(d -> environments.add(d.environment()));
    }
    return environments;
  }
}
