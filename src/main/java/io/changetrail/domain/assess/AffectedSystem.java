package io.changetrail.domain.assess;

import java.util.List;

/**
 * A system the change affects: directly (its files changed) or through the build (it depends on a
 * changed system).
 *
 * @param name the system
 * @param tier its tier, 1 (most critical) to 4
 * @param owners who owns it
 * @param direct whether its own files changed
 * @param files how many of its files changed (0 when indirect)
 * @param linesChanged lines added and deleted in its files
 * @param productionChanged whether production code, build or configuration of it changed (not only
 *     tests or documentation)
 * @param dependencyPath for an indirect system, the path from a changed system to it, e.g. {@code
 *     [common, risk-engine, order-router]}; empty when direct
 * @param paths the changed paths of a direct system, in diff order; empty when indirect
 */
public record AffectedSystem(
    String name,
    int tier,
    List<String> owners,
    boolean direct,
    int files,
    int linesChanged,
    boolean productionChanged,
    List<String> dependencyPath,
    List<String> paths) {
  public AffectedSystem {
    owners = List.copyOf(owners);
    dependencyPath = List.copyOf(dependencyPath);
    paths = List.copyOf(paths);
  }
}
