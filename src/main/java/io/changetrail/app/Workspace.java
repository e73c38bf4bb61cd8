package io.changetrail.app;

import io.changetrail.app.config.ConfigLoader;
import io.changetrail.app.config.DocumentationConfigLoader;
import io.changetrail.app.config.DocumentationConfigLoader.DocumentationConfig;
import io.changetrail.app.config.LifecycleConfig;
import io.changetrail.app.config.ProjectConfig;
import io.changetrail.app.systems.BuildDiscovery;
import io.changetrail.app.systems.BuildTree;
import io.changetrail.app.systems.CatalogResolver;
import io.changetrail.domain.config.AssessmentPolicy;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.git.GitRepository;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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
  private final Map<BuildDiscovery.Discovered, SystemCatalog> byDiscovery = new HashMap<>();

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
   * The systems as the build files of {@code tree} (a commit's tree) describe them, with
   * changetrail.yml's systems when it declares them; the same tree contents give the same catalog
   * object.
   */
  public SystemCatalog catalogOf(BuildTree tree) {
    Object key = tree.key();
    SystemCatalog known = catalogs.get(key);
    if (known == null) {
      // build states that differ only where discovery does not look (a version bump) discover the
      // same modules: they share one catalog object, and so its assessor
      BuildDiscovery.Discovered discovered = new BuildDiscovery(tree).discover();
      known = byDiscovery.get(discovered);
      if (known == null) {
        known = new CatalogResolver().resolve(config, discovered);
        if (byDiscovery.size() > 256) {
          byDiscovery.clear();
        }
        byDiscovery.put(discovered, known);
      }
      if (catalogs.size() > 256) {
        catalogs.clear();
      }
      catalogs.put(key, known);
    }
    return known;
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
