package io.changetrail.app.assess;

import io.changetrail.app.Workspace;
import io.changetrail.app.risk.ChangeHistory;
import io.changetrail.app.risk.RiskModelFile;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.Assessor;
import io.changetrail.domain.change.ChangeSet;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.risk.ChangeFeatures;
import io.changetrail.domain.risk.LearnedModel;
import io.changetrail.git.GitRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The use case "assess a change": reads the diff, applies the policy, returns the assessment. */
public final class AssessChange {

  /** Where the change comes from. */
  public enum Source {
    STAGED,
    WORKING_TREE,
    COMMIT,
    RANGE,
    BRANCH
  }

  /**
   * What to assess.
   *
   * @param source where the change comes from
   * @param revision the commit for COMMIT, the range for RANGE, else ignored
   * @param description the description to classify by; blank to use the commit message(s)
   */
  public record Request(Source source, String revision, String description) {
    public static Request staged() {
      return new Request(Source.STAGED, "", "");
    }
  }

  private final Workspace workspace;

  public AssessChange(Workspace workspace) {
    this.workspace = workspace;
  }

  public Assessment execute(Request request) {
    ChangeSet change = read(request);
    if (request.description() != null && !request.description().isBlank()) {
      change = change.withDescription(request.description());
    }
    Optional<LearnedModel> model =
        RiskModelFile.readIfPresent(RiskModelFile.defaultPath(workspace.git().root()));
    Assessor assessor = new Assessor(workspace.policy());
    if (model.isEmpty()) {
      return assessor.assess(change);
    }
    return assessor.assess(change, model.get(), history(request, change));
  }

  /** The change's features against the history before it (for the calibrated model). */
  private ChangeFeatures history(Request request, ChangeSet change) {
    GitRepository git = workspace.git();
    ChangeHistory history = new ChangeHistory(git);
    List<CommitInfo> commits = change.commits();
    if (commits.isEmpty()) {
      String name = git.config("user.name").orElse("");
      String email = git.config("user.email").orElse("");
      return history.features(change, git.hasCommits() ? "HEAD" : null, name, email, Instant.now());
    }
    CommitInfo first = commits.get(0);
    CommitInfo last = commits.get(commits.size() - 1);
    String base = first.parents().isEmpty() ? null : first.parents().get(0);
    return history.features(
        change, base, last.authorName(), last.authorEmail(), last.authorTime().toInstant());
  }

  /**
   * Assesses every commit of a range on its own, newest first, handing each assessment to {@code
   * sink} as soon as it is made.
   *
   * @param limit at most this many commits; 0 for all
   */
  public void eachCommit(String range, int limit, Consumer<Assessment> sink) {
    Assessor assessor = new Assessor(workspace.policy());
    workspace.git().eachCommit(range, limit, change -> sink.accept(assessor.assess(change)));
  }

  private ChangeSet read(Request request) {
    return switch (request.source()) {
      case STAGED -> workspace.git().staged();
      case WORKING_TREE -> workspace.git().workingTree();
      case COMMIT -> workspace.git().commit(required(request.revision(), "--commit"));
      case RANGE -> workspace.git().range(required(request.revision(), "--range"));
      case BRANCH -> workspace.git().branch(workspace.defaultBranch());
    };
  }

  private static String required(String value, String option) {
    if (value == null || value.isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, option + " needs a value", "e.g. " + option + " HEAD");
    }
    return value;
  }
}
