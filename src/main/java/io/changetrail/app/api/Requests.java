package io.changetrail.app.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Set;

/**
 * The requests of {@link ChangeTrailApi}: the command line builds them from its options, the HTTP
 * client sends them as the body of the route, and the route reads them back from that body (its
 * field names are the records' components; {@code FIELDS} is what a route accepts). Absent text is
 * "", never null.
 */
public final class Requests {
  private Requests() {}

  /**
   * A change to register: the commits {@code range} ("" for this branch since the default branch,
   * on a checkout only), {@code changeClass} a {@code ChangeClass} name or "" for the default. A
   * team server registers a range of its own clone and writes no document into a checkout, so
   * {@code writeDocument} is for the local ledger only.
   */
  public record Register(
      String range,
      String title,
      @JsonProperty("class") String changeClass,
      String reason,
      String supersedes,
      boolean writeDocument) {
    public static final Set<String> FIELDS =
        Set.of("range", "title", "class", "reason", "supersedes", "writeDocument");

    public Register {
      range = text(range);
      title = text(title);
      changeClass = text(changeClass);
      reason = text(reason);
      supersedes = text(supersedes);
    }
  }

  /** New commits of a change: {@code range} "" for the change's base to HEAD. */
  public record Update(String range) {
    public static final Set<String> FIELDS = Set.of("range");

    public Update {
      range = text(range);
    }
  }

  /**
   * The deployment gate's question: may {@code commit} (a full commit id) go to {@code
   * environment}? {@code run} names the pipeline run asking ("" when none).
   */
  public record Gate(String environment, String commit, String run) {
    public static final Set<String> FIELDS = Set.of("environment", "commit", "run");

    public Gate {
      environment = text(environment);
      commit = text(commit);
      run = text(run);
    }
  }

  public record Approve(String comment, List<String> environments) {
    public static final Set<String> FIELDS = Set.of("comment", "environments");

    public Approve {
      comment = text(comment);
      environments = environments == null ? List.of() : List.copyOf(environments);
    }
  }

  public record Comment(String comment) {
    public static final Set<String> FIELDS = Set.of("comment");

    public Comment {
      comment = text(comment);
    }
  }

  /**
   * A deployment done by hand; {@code commit} "" for the default (see {@link LocalChangeTrail}).
   */
  public record StartDeployment(
      String environment,
      boolean emergency,
      String reason,
      String commit,
      java.util.List<io.changetrail.domain.deploy.Artifact> artifacts) {
    public static final Set<String> FIELDS =
        Set.of("environment", "emergency", "reason", "commit", "artifacts");

    public StartDeployment {
      environment = text(environment);
      reason = text(reason);
      commit = text(commit);
      artifacts = artifacts == null ? java.util.List.of() : java.util.List.copyOf(artifacts);
    }

    /** A deployment that names no artifact. */
    public StartDeployment(String environment, boolean emergency, String reason, String commit) {
      this(environment, emergency, reason, commit, java.util.List.of());
    }
  }

  /** A step or check done by hand; {@code phase} is STEP, PRE_CHECK or POST_CHECK. */
  public record Step(String phase, String name, boolean passed, long seconds, String notes) {
    public static final Set<String> FIELDS = Set.of("phase", "name", "passed", "seconds", "notes");

    public Step {
      phase = text(phase).isEmpty() ? "STEP" : phase;
      name = text(name);
      notes = text(notes);
    }
  }

  /** An issue met during a deployment; {@code resolutionTime} a duration text ("15m") or "". */
  public record Issue(
      String description, String resolution, String severity, String resolutionTime) {
    public static final Set<String> FIELDS =
        Set.of("description", "resolution", "severity", "resolutionTime");

    public Issue {
      description = text(description);
      resolution = text(resolution);
      severity = text(severity);
      resolutionTime = text(resolutionTime);
    }
  }

  public record Finish(boolean succeeded) {
    public static final Set<String> FIELDS = Set.of("succeeded");
  }

  /** A rollback done by hand: whether it worked, how long it took, what was done. */
  public record RollBack(boolean succeeded, long seconds, String notes) {
    public static final Set<String> FIELDS = Set.of("succeeded", "seconds", "notes");

    public RollBack {
      notes = text(notes);
    }
  }

  static String text(String value) {
    return value == null ? "" : value;
  }
}
