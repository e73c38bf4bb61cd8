package io.changetrail.app.systems;

import io.changetrail.app.config.ConfigLoader;
import io.changetrail.app.config.ProjectConfig;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.domain.system.SystemDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds the system catalog of a repository: the systems of changetrail.yml when it declares them,
 * with the build's module dependencies carried over onto them; else the systems discovered from the
 * build.
 */
public final class CatalogResolver {

  public SystemCatalog resolve(
      ProjectConfig config, List<String> files, Function<String, Optional<String>> reader) {
    return resolveDiscovered(config, new BuildDiscovery(files, reader).discover());
  }

  /** The catalog from one tree's build files (a commit's, or the work tree's). */
  public SystemCatalog resolve(ProjectConfig config, BuildTree tree) {
    return resolveDiscovered(config, new BuildDiscovery(tree).discover());
  }

  /**
   * The catalog from what discovery found in one tree's build files and the systems a
   * changetrail.yml declares (empty: none, the discovered ones are the catalog); {@code label}
   * names that file as the catalog's source, {@code notes} are added to the catalog's.
   */
  public SystemCatalog resolve(
      Optional<List<SystemDefinition>> declared,
      BuildDiscovery.Discovered discovered,
      String label,
      List<String> notes) {
    BuildDiscovery.Discovered noted = discovered;
    if (!notes.isEmpty()) {
      List<String> all = new ArrayList<>(notes);
      all.addAll(discovered.notes());
      noted = new BuildDiscovery.Discovered(discovered.source(), discovered.modules(), all);
    }
    return resolve(declared, noted, label);
  }

  /**
   * The systems of both catalogs: those of {@code at}, then those only {@code base} has (modules a
   * change removes); a system in both gets the paths and dependencies of both.
   */
  public static SystemCatalog union(SystemCatalog at, SystemCatalog base) {
    if (at == base) {
      return at;
    }
    synchronized (UNIONS) {
      Map<SystemCatalog, SystemCatalog> withBase =
          UNIONS.computeIfAbsent(at, k -> new java.util.IdentityHashMap<>());
      SystemCatalog known = withBase.get(base);
      if (known == null) {
        if (UNIONS.size() > 256) {
          UNIONS.clear();
          withBase = UNIONS.computeIfAbsent(at, k -> new java.util.IdentityHashMap<>());
        }
        known = computeUnion(at, base);
        withBase.put(base, known);
      }
      return known;
    }
  }

  /** Unions made, by the two catalogs' identities: the same pair gives the same object. */
  private static final Map<SystemCatalog, Map<SystemCatalog, SystemCatalog>> UNIONS =
      new java.util.IdentityHashMap<>();

  private static SystemCatalog computeUnion(SystemCatalog at, SystemCatalog base) {
    Map<String, SystemDefinition> merged = new java.util.LinkedHashMap<>();
    for (SystemDefinition system : at.systems()) {
      merged.put(system.name(), system);
    }
    boolean changed = false;
    for (SystemDefinition system : base.systems()) {
      SystemDefinition mine = merged.get(system.name());
      if (mine == null) {
        merged.put(system.name(), system);
        changed = true;
        continue;
      }
      java.util.LinkedHashSet<String> paths = new java.util.LinkedHashSet<>(mine.paths());
      paths.addAll(system.paths());
      TreeSet<String> dependsOn = new TreeSet<>(mine.dependsOn());
      dependsOn.addAll(system.dependsOn());
      if (paths.size() != mine.paths().size() || dependsOn.size() != mine.dependsOn().size()) {
        changed = true;
        merged.put(
            mine.name(),
            new SystemDefinition(
                mine.name(),
                List.copyOf(paths),
                mine.tier(),
                mine.owners(),
                mine.tests(),
                mine.rollback(),
                mine.latencyCritical(),
                List.copyOf(dependsOn)));
      }
    }
    java.util.LinkedHashSet<String> notes = new java.util.LinkedHashSet<>(at.notes());
    notes.addAll(base.notes());
    changed |= notes.size() != at.notes().size();
    return changed
        ? new SystemCatalog(List.copyOf(merged.values()), at.source(), List.copyOf(notes))
        : at;
  }

  private SystemCatalog resolveDiscovered(
      ProjectConfig config, BuildDiscovery.Discovered discovered) {
    return resolve(config.systems(), discovered, ConfigLoader.FILE_NAME);
  }

  private SystemCatalog resolve(
      Optional<List<SystemDefinition>> declaredSystems,
      BuildDiscovery.Discovered discovered,
      String label) {
    if (declaredSystems.isEmpty()) {
      return new SystemCatalog(discovered.systems(), discovered.source(), discovered.notes());
    }
    List<SystemDefinition> declared = declaredSystems.get();
    SystemCatalog declaredCatalog = new SystemCatalog(declared, label);
    Map<String, TreeSet<String>> buildEdges = new HashMap<>();
    Map<String, String> systemOfModule = new HashMap<>();
    for (BuildDiscovery.Module module : discovered.modules()) {
      String probe = module.dir().isEmpty() ? "pom.xml" : module.dir() + "/pom.xml";
      declaredCatalog
          .systemOf(probe)
          .ifPresent(system -> systemOfModule.put(module.name(), system.name()));
    }
    for (BuildDiscovery.Module module : discovered.modules()) {
      String from = systemOfModule.get(module.name());
      if (from == null) {
        continue;
      }
      for (String dependency : module.dependsOn()) {
        String to = systemOfModule.get(dependency);
        if (to != null && !to.equals(from)) {
          buildEdges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        }
      }
    }
    List<SystemDefinition> merged = new ArrayList<>();
    for (SystemDefinition system : declared) {
      TreeSet<String> dependsOn = new TreeSet<>(system.dependsOn());
      dependsOn.addAll(buildEdges.getOrDefault(system.name(), new TreeSet<>()));
      merged.add(
          new SystemDefinition(
              system.name(),
              system.paths(),
              system.tier(),
              system.owners(),
              system.tests(),
              system.rollback(),
              system.latencyCritical(),
              List.copyOf(dependsOn)));
    }
    String source =
        buildEdges.isEmpty()
            ? label
            : label + " (dependencies also from " + discovered.source() + ")";
    return new SystemCatalog(merged, source, discovered.notes());
  }
}
