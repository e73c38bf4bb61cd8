package io.changetrail.domain.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A documented deployment procedure: the checks before, the steps, the checks after, and how to
 * roll back.
 *
 * @param name what is deployed, e.g. "order-router release"
 * @param environment the environment it is written for (empty: any)
 * @param source where it was read from, e.g. {@code deploy/prod.yml}
 */
public record Runbook(
    String name,
    String environment,
    List<RunbookStep> preChecks,
    List<RunbookStep> steps,
    List<RunbookStep> postChecks,
    List<RunbookStep> rollback,
    String source) {
  public Runbook {
    Objects.requireNonNull(name, "name");
    environment = environment == null ? "" : environment;
    preChecks = List.copyOf(preChecks);
    steps = List.copyOf(steps);
    postChecks = List.copyOf(postChecks);
    rollback = List.copyOf(rollback);
    source = source == null ? "" : source;
  }

  /** Pre-deployment checks, steps and post-deployment checks, in the order a deployment runs. */
  public List<RunbookStep> deployment() {
    List<RunbookStep> all = new ArrayList<>(preChecks);
    all.addAll(steps);
    all.addAll(postChecks);
    return List.copyOf(all);
  }

  /** The steps of one part. */
  public List<RunbookStep> phase(Phase phase) {
    return switch (phase) {
      case PRE_CHECK -> preChecks;
      case STEP -> steps;
      case POST_CHECK -> postChecks;
      case ROLLBACK -> rollback;
    };
  }

  public boolean hasRollback() {
    return !rollback.isEmpty();
  }
}
