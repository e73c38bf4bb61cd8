package io.changetrail.app;

import io.changetrail.app.config.ConfigLoader;
import io.changetrail.app.config.ProjectConfig;
import io.changetrail.app.systems.CatalogResolver;
import io.changetrail.domain.config.AssessmentPolicy;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.git.GitRepository;
import java.nio.file.Path;

/**
 * One repository as the use cases see it: its git work tree, its configuration and the policy
 * derived from them. Loaded once per command.
 */
public final class Workspace {
  private final GitRepository git;
  private final ProjectConfig config;
  private SystemCatalog catalog;

  private Workspace(GitRepository git, ProjectConfig config) {
    this.git = git;
    this.config = config;
  }

  /** Opens the repository containing {@code directory} and reads its changetrail.yml. */
  public static Workspace open(Path directory) {
    GitRepository git = GitRepository.open(directory);
    return new Workspace(git, new ConfigLoader().load(git.root()));
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

  public AssessmentPolicy policy() {
    return new AssessmentPolicy(
        catalog(),
        config.sensitivePaths(),
        config.riskModel(),
        config.defaultTier(),
        config.vocabulary());
  }

  public String defaultBranch() {
    return config.defaultBranch().orElseGet(git::defaultBranch);
  }
}
