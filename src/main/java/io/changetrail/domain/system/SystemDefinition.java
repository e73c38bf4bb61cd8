package io.changetrail.domain.system;

import java.util.List;

/**
 * A system of the catalog: a part of the repository that is built, tested, deployed and owned as
 * one (order-router, risk-engine...).
 *
 * @param name unique name
 * @param paths the path patterns of its files
 * @param tier criticality, 1 (most critical) to 4
 * @param owners people or teams who own it
 * @param tests commands that test it
 * @param rollback how to roll it back, in a few words (empty when nothing is known)
 * @param latencyCritical whether it needs performance tests when it changes
 * @param dependsOn names of the systems it depends on through the build
 */
public record SystemDefinition(
    String name,
    List<String> paths,
    int tier,
    List<String> owners,
    List<String> tests,
    String rollback,
    boolean latencyCritical,
    List<String> dependsOn) {

  public static final int LOWEST_TIER = 4;

  public SystemDefinition {
    paths = List.copyOf(paths);
    owners = List.copyOf(owners);
    tests = List.copyOf(tests);
    dependsOn = List.copyOf(dependsOn);
    rollback = rollback == null ? "" : rollback;
    if (tier < 1 || tier > LOWEST_TIER) {
      throw new IllegalArgumentException("tier must be between 1 and 4, was " + tier);
    }
  }
}
