package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.event.LedgerEvent;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.EventKind;
import io.changetrail.git.GitRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The use case "may this commit be deployed to this environment?", asked by a forge's deployment
 * protection (a GitHub custom deployment protection rule, a GitLab external status check). The
 * answer is "approved" only when a registered change has exactly this content (its tip is the
 * commit, or has the commit's tree: a merge that brought nothing else) and the deployment gate of
 * {@link DeployChange} lets it through: approved for the environment with its current content,
 * documented, not in a blackout window. Nothing else is approved; each refusal says why.
 */
public final class DeploymentProtection {
  private final Lifecycle lifecycle;

  public DeploymentProtection(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** The answer: approved or not, the change it rests on (if any), and why. */
  public record Decision(boolean approved, Optional<String> change, String reason) {}

  /**
   * Who asks: the forge ({@code github}, {@code gitlab}) or {@code api} (a pipeline's gate
   * command), the run, merge request or job the question belongs to (may be empty), and who the
   * forge says started it (empty: the acting user of the lifecycle).
   */
  public record Asker(String forge, String run, String askedBy) {
    public Asker {
      forge = forge == null ? "" : forge;
      askedBy = askedBy == null ? "" : askedBy.strip();
      run = run == null ? "" : run.strip();
      if (run.length() > 500) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "the run named with the gate question is longer than 500 characters",
            "name the run by its URL or id");
      }
    }
  }

  /** A decision as the ledger recorded it. */
  public record Recorded(Decision decision, String commit, String environment, long entry) {}

  /**
   * Decides, then appends the answer to the ledger ({@link EventKind#GATE_DECIDED}): who asked, for
   * which run, commit and environment, the answer and why. Recorded whatever the answer, and on the
   * change it rests on (none when no change has the content).
   */
  public Recorded decideAndRecord(String commit, String environment, Asker asker) {
    Decision decision = decide(commit, environment);
    return record(decision, commit, environment, asker);
  }

  /** Records a decision already taken (by {@link #decide}) for {@code asker}. */
  public Recorded record(Decision decision, String commit, String environment, Asker asker) {
    String actor = lifecycle.actor().display();
    LedgerEvent.GateDecided answer =
        new LedgerEvent.GateDecided(
            environment == null ? "" : environment,
            commit == null ? "" : commit,
            decision.approved(),
            decision.reason(),
            asker.forge(),
            asker.run(),
            asker.askedBy().isEmpty() ? actor : asker.askedBy(),
            Map.of());
    LedgerEntry entry = lifecycle.ledger().append(answer.fact(actor, decision.change().orElse("")));
    return new Recorded(decision, commit, environment, entry.index());
  }

  /**
   * Records how the forge took {@code recorded} when it was sent to the forge's API ({@link
   * EventKind#GATE_ANSWERED}), on the same change: the URL, the forge's HTTP status (0 when none
   * came) and what it or the network said. The decision itself is recorded before it is sent, so a
   * forge that is down never leaves a decision unrecorded.
   */
  public long recordAnswer(
      Recorded recorded, String forge, String url, int status, boolean delivered, String detail) {
    String actor = lifecycle.actor().display();
    LedgerEvent.GateAnswered answered =
        new LedgerEvent.GateAnswered(
            recorded.entry(),
            forge,
            url,
            status,
            delivered,
            detail == null ? "" : detail,
            Map.of());
    return lifecycle
        .ledger()
        .append(answered.fact(actor, recorded.decision().change().orElse("")))
        .index();
  }

  /**
   * The full id of {@code revision} in the repository containing {@code directory}: what a
   * pipeline's checkout deploys (its HEAD by default), to ask a team server about. Needs only the
   * commit itself, so a depth-1 clone will do.
   */
  public static String commitOf(java.nio.file.Path directory, String revision) {
    return GitRepository.open(directory).resolveCommit(revision);
  }

  /** The full id of {@code revision} in this lifecycle's repository. */
  public String commit(String revision) {
    return lifecycle.workspace().git().resolveCommit(revision);
  }

  /** What the gate checked of the change's documentation: "documented" only when it did. */
  private String documentation(ChangeRecord record) {
    if (record.changeClass() != io.changetrail.domain.lifecycle.ChangeClass.NORMAL) {
      return "documentation not required before deploying a "
          + record.changeClass().name().toLowerCase(java.util.Locale.ROOT)
          + " change";
    }
    if (!lifecycle.config().documentedBeforeApproval()) {
      return "documentation not checked (approvals.require_documentation: false)";
    }
    return "documented";
  }

  public Decision decide(String commit, String environment) {
    if (environment == null || environment.isBlank()) {
      return new Decision(false, Optional.empty(), "the request names no environment");
    }
    if (commit == null || !commit.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
      return new Decision(
          false, Optional.empty(), "'" + commit + "' is not a full commit id (hex SHA)");
    }
    GitRepository git = lifecycle.workspace().git();
    Optional<String> tree = git.treeOf(commit);
    if (tree.isEmpty()) {
      return new Decision(
          false,
          Optional.empty(),
          "the server's clone does not have commit "
              + commit
              + " (fetch it: --fetch-interval, or a push webhook)");
    }
    List<ChangeRecord> candidates = new ArrayList<>();
    for (ChangeRecord record : lifecycle.ledger().changes()) {
      if (record.tip().equals(commit) || git.treeOf(record.tip()).equals(tree)) {
        candidates.add(record);
      }
    }
    if (candidates.isEmpty()) {
      return new Decision(
          false,
          Optional.empty(),
          "no registered change has the content of "
              + commit.substring(0, 10)
              + ": register it ('changetrail change new') and have it approved");
    }
    DeployChange gate = new DeployChange(lifecycle);
    List<String> refusals = new ArrayList<>();
    // newest first: a change registered again after a rejection supersedes the older one
    for (int i = candidates.size() - 1; i >= 0; i--) {
      ChangeRecord record = candidates.get(i);
      try {
        gate.gate(record, environment, false, "", Optional.of(commit));
        return new Decision(
            true,
            Optional.of(record.id()),
            record.id()
                + " is approved for "
                + environment
                + " with this content, "
                + documentation(record)
                + ", and no blackout window applies");
      } catch (ChangeTrailException e) {
        if (e.problem() == Problem.LEDGER_UNAVAILABLE || e.problem() == Problem.GIT_FAILED) {
          throw e;
        }
        refusals.add(e.getMessage());
      }
    }
    return new Decision(
        false,
        Optional.of(candidates.get(candidates.size() - 1).id()),
        String.join("; ", refusals));
  }
}
