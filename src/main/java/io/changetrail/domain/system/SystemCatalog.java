package io.changetrail.domain.system;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The systems of a repository and the build dependencies between them, with where each came from
 * (changetrail.yml, or discovered from the build).
 */
public final class SystemCatalog {
  private final List<SystemDefinition> systems;
  private final String source;
  private final List<List<PathGlob>> globs;
  private final Map<String, SystemDefinition> byName;
  private final Map<String, List<String>> dependents;
  private final List<String> notes;

  /**
   * @param systems the systems, in the order their patterns are tried (first match wins among
   *     equally specific patterns)
   * @param source where the catalog came from, e.g. "changetrail.yml" or "Maven modules"
   */
  public SystemCatalog(List<SystemDefinition> systems, String source) {
    this(systems, source, List.of());
  }

  /**
   * As {@link #SystemCatalog(List, String)}, with what the catalog could not take from the build
   * (constructs of a build file that cannot be read as written), for the assessment's notes.
   */
  public SystemCatalog(List<SystemDefinition> systems, String source, List<String> notes) {
    this.systems = List.copyOf(systems);
    this.source = source;
    this.notes = List.copyOf(notes);
    this.globs = new ArrayList<>();
    this.byName = new LinkedHashMap<>();
    for (SystemDefinition system : this.systems) {
      globs.add(system.paths().stream().map(PathGlob::compile).toList());
      if (byName.put(system.name(), system) != null) {
        throw new IllegalArgumentException("system '" + system.name() + "' is defined twice");
      }
    }
    this.dependents = new HashMap<>();
    for (SystemDefinition system : this.systems) {
      for (String dependency : system.dependsOn()) {
        dependents.computeIfAbsent(dependency, k -> new ArrayList<>()).add(system.name());
      }
    }
    dependents.values().forEach(Collections::sort);
  }

  public static SystemCatalog empty() {
    return new SystemCatalog(List.of(), "none");
  }

  public List<SystemDefinition> systems() {
    return systems;
  }

  public String source() {
    return source;
  }

  /** What the build says that the catalog could not read (empty when it read everything). */
  public List<String> notes() {
    return notes;
  }

  public Optional<SystemDefinition> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The system a path belongs to: the one with the most specific matching pattern; among equally
   * specific ones, the first defined.
   */
  public Optional<SystemDefinition> systemOf(String path) {
    SystemDefinition best = null;
    int bestSpecificity = -1;
    for (int i = 0; i < systems.size(); i++) {
      for (PathGlob glob : globs.get(i)) {
        if (glob.matches(path) && glob.specificity() > bestSpecificity) {
          best = systems.get(i);
          bestSpecificity = glob.specificity();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Every system that depends, directly or transitively, on one of {@code changed} but is not
   * itself in it, with the shortest dependency path from a changed system to it. Deterministic:
   * breadth-first in name order.
   */
  public Map<String, List<String>> dependentsOf(List<String> changed) {
    Map<String, List<String>> paths = new LinkedHashMap<>();
    Deque<List<String>> queue = new ArrayDeque<>();
    changed.stream().sorted().forEach(name -> queue.add(List.of(name)));
    java.util.Set<String> seen = new java.util.HashSet<>(changed);
    while (!queue.isEmpty()) {
      List<String> path = queue.removeFirst();
      String last = path.get(path.size() - 1);
      for (String dependent : dependents.getOrDefault(last, List.of())) {
        if (seen.add(dependent)) {
          List<String> extended = new ArrayList<>(path);
          extended.add(dependent);
          paths.put(dependent, List.copyOf(extended));
          queue.addLast(extended);
        }
      }
    }
    return paths;
  }
}
