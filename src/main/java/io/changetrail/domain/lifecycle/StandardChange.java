package io.changetrail.domain.lifecycle;

import io.changetrail.domain.assess.Level;
import io.changetrail.domain.system.PathGlob;
import java.util.List;

/**
 * A pre-approved change template: changes that touch only these paths, at or below this risk, are
 * standard changes and need no approval.
 */
public record StandardChange(String name, String description, List<String> paths, Level maxRisk) {
  public StandardChange {
    paths = List.copyOf(paths);
  }

  /** Whether a change with these files and this risk fits the template. */
  public boolean fits(List<String> changedPaths, Level risk) {
    if (changedPaths.isEmpty() || risk.compareTo(maxRisk) > 0) {
      return false;
    }
    List<PathGlob> globs = paths.stream().map(PathGlob::compile).toList();
    return changedPaths.stream().allMatch(p -> globs.stream().anyMatch(g -> g.matches(p)));
  }
}
