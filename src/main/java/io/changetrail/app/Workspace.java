package io.changetrail.app;

import io.changetrail.app.config.ConfigLoader;
import io.changetrail.app.config.DocumentationConfigLoader;
import io.changetrail.app.config.DocumentationConfigLoader.DocumentationConfig;
import io.changetrail.app.config.LifecycleConfig;
import io.changetrail.app.config.ProjectConfig;
import io.changetrail.app.systems.BuildDiscovery;
import io.changetrail.app.systems.BuildTree;
import io.changetrail.app.systems.CatalogResolver;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.assess.AssessmentPolicy;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.domain.system.SystemDefinition;
import io.changetrail.git.GitRepository;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One repository as the use cases see it: its git work tree, its configuration and the policy
 * derived from them. Loaded once per command, and validated whole: every command refuses a
 * changetrail.yml that any command would refuse (a bad {@code lint.rules} value no longer passes
 * {@code assess} and then breaks the commit hook).
 */
public final class Workspace {
  private final GitRepository git;
  private final ProjectConfig config;
  private final DocumentationConfig documentation;
  private final LifecycleConfig lifecycle;
  private SystemCatalog catalog;
  private final Map<Object, SystemCatalog> catalogs = new HashMap<>();
  private final Map<Object, SystemCatalog> byDiscovery = new HashMap<>();

  private Workspace(
      GitRepository git,
      ProjectConfig config,
      DocumentationConfig documentation,
      LifecycleConfig lifecycle) {
    this.git = git;
    this.config = config;
    this.documentation = documentation;
    this.lifecycle = lifecycle;
  }

  /** Opens the repository containing {@code directory} and reads its changetrail.yml, all of it. */
  public static Workspace open(Path directory) {
    GitRepository git = GitRepository.open(directory);
    Path root = git.root();
    return new Workspace(
        git,
        new ConfigLoader().load(root),
        new DocumentationConfigLoader().load(root),
        LifecycleConfig.load(root));
  }

  /** The lint and changelog settings. */
  public DocumentationConfig documentation() {
    return documentation;
  }

  /** The approval, verification, blackout and deployment settings. */
  public LifecycleConfig lifecycle() {
    return lifecycle;
  }

  public GitRepository git() {
    return git;
  }

  public ProjectConfig config() {
    return config;
  }

  /** The systems of the repository, configured or discovered (computed on first use). */
  public SystemCatalog catalog() {
    if (catalog == null) {
      catalog = new CatalogResolver().resolve(config, git.trackedFiles(), git::readFile);
    }
    return catalog;
  }

  /**
   * The systems as the build files of {@code tree} (a commit's tree) describe them, with the
   * systems the tree's own changetrail.yml declares; a tree without that file takes the work
   * tree's. The same tree contents give the same catalog object.
   */
  public SystemCatalog catalogOf(BuildTree tree) {
    return catalogOf(tree, null);
  }

  /**
   * As {@link #catalogOf(BuildTree)}, a tree without changetrail.yml taking the systems that {@code
   * fallback}'s declares (and the work tree's when that has none either, or is null): the base of a
   * diff from before the file existed is read with the assessed commit's systems.
   */
  public SystemCatalog catalogOf(BuildTree tree, BuildTree fallback) {
    Declared declared = declaredIn(tree);
    if (declared == null && fallback != null) {
      declared = declaredIn(fallback);
    }
    if (declared == null) {
      declared = workTreeDeclared(" (none at the commit)", List.of());
    }
    Object key = List.of(tree.key(), declared.key());
    SystemCatalog known = catalogs.get(key);
    if (known == null) {
      // build states that differ only where discovery does not look (a version bump) discover the
      // same modules: they share one catalog object, and so its assessor
      BuildDiscovery.Discovered discovered = new BuildDiscovery(tree).discover();
      Object byValue = List.of(discovered, declared.key());
      known = byDiscovery.get(byValue);
      if (known == null) {
        known =
            new CatalogResolver()
                .resolve(declared.systems(), discovered, declared.label(), declared.notes());
        if (byDiscovery.size() > 256) {
          byDiscovery.clear();
        }
        byDiscovery.put(byValue, known);
      }
      if (catalogs.size() > 256) {
        catalogs.clear();
      }
      catalogs.put(key, known);
    }
    return known;
  }

  /**
   * The systems one changetrail.yml declares (empty: none, so they are discovered), how the
   * assessment names where they came from, and what it notes about it.
   */
  private record Declared(
      Object key, Optional<List<SystemDefinition>> systems, String label, List<String> notes) {}

  /** By blob id of changetrail.yml: what each committed version declares. */
  private final Map<String, Declared> declaredById = new HashMap<>();

  /** What the changetrail.yml of {@code tree} declares; null when the tree has none. */
  private Declared declaredIn(BuildTree tree) {
    String id = tree.objectId(BuildTree.CONFIG_FILE);
    if (id == null || id.isEmpty()) {
      return null; // no such file, or the work tree's (read as the workspace's configuration)
    }
    Declared known = declaredById.get(id);
    if (known != null) {
      return known;
    }
    String label = ConfigLoader.FILE_NAME + " at the commit";
    Optional<String> text = tree.read(BuildTree.CONFIG_FILE);
    try {
      known =
          text.isEmpty()
              ? workTreeDeclared(
                  "",
                  List.of(
                      ConfigLoader.FILE_NAME
                          + " at the commit cannot be read (object "
                          + id
                          + " is missing): the work tree's systems are used"))
              : new Declared(id, new ConfigLoader().systemsOf(text.get(), label), label, List.of());
    } catch (ChangeTrailException e) {
      known =
          workTreeDeclared(
              "",
              List.of(
                  label
                      + " cannot be read as this version reads it ("
                      + e.getMessage()
                      + "): the work tree's systems are used"));
    }
    if (declaredById.size() > 256) {
      declaredById.clear();
    }
    declaredById.put(id, known);
    return known;
  }

  /** The work tree's systems, for a commit without a changetrail.yml of its own (or unreadable). */
  private Declared workTreeDeclared(String why, List<String> notes) {
    return new Declared(
        List.of("work tree", notes),
        config.systems(),
        ConfigLoader.FILE_NAME + " of the work tree" + why,
        notes);
  }

  public AssessmentPolicy policy() {
    return policy(catalog());
  }

  /** The policy of changetrail.yml over the given systems. */
  public AssessmentPolicy policy(SystemCatalog systems) {
    return new AssessmentPolicy(
        systems,
        config.sensitivePaths(),
        config.riskModel(),
        config.defaultTier(),
        config.vocabulary());
  }

  public String defaultBranch() {
    return config.defaultBranch().orElseGet(git::defaultBranch);
  }
}
