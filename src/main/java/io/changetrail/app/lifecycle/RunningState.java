package io.changetrail.app.lifecycle;

import io.changetrail.app.config.RunningConfig;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The use case "what is running, not only what was recorded": per environment, the command of
 * changetrail.yml's {@code running:} reports what runs there ({@code SYSTEM REVISION} lines); a
 * {@code running.snapshot} fact is appended to the ledger whenever that differs from the last
 * snapshot of the environment; reconciliation names every running revision that no approved change
 * deployed (successfully) to that environment covers.
 */
public final class RunningState {
  public static final String KIND = "running.snapshot";
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final int MAX_OUTPUT = 64 * 1024;

  private final Lifecycle lifecycle;
  private final RunningConfig config;

  public RunningState(Lifecycle lifecycle) {
    this(lifecycle, RunningConfig.load(lifecycle.workspace().git().root()));
  }

  public RunningState(Lifecycle lifecycle, RunningConfig config) {
    this.lifecycle = lifecycle;
    this.config = config;
  }

  /** What runs in an environment, per system, and the ledger entry that recorded it. */
  public record Snapshot(
      String environment, Map<String, String> systems, Optional<Long> entry, String at) {}

  /** A snapshot taken now, and whether it was recorded (it differed from the last one). */
  public record Taken(Snapshot snapshot, boolean recorded) {}

  /** One running revision that no approved, deployed change covers. */
  public record Uncovered(String system, String revision, String detail) {}

  /** How often a server runs each environment's command by itself (changetrail.yml interval). */
  public Map<String, Duration> intervals() {
    return config.intervals();
  }

  /** Runs the environment's command; records a snapshot when what runs changed. */
  public Taken snapshot(String environment) {
    String command =
        config
            .command(environment)
            .orElseThrow(
                () ->
                    new ChangeTrailException(
                        Problem.INVALID_INPUT,
                        "changetrail.yml configures no running-state command for '"
                            + environment
                            + "'",
                        "add running: {"
                            + environment
                            + ": {command: \"curl -fsS https://.../version\"}}"));
    Map<String, String> systems = parse(environment, run(environment, command));
    Optional<Snapshot> last = last(environment);
    if (last.isPresent() && last.get().systems().equals(systems)) {
      return new Taken(last.get(), false);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("environment", environment);
    data.put("systems", new TreeMap<>(systems));
    data.put("command", command);
    LedgerEntry entry =
        lifecycle.ledger().append(new Fact(lifecycle.actor().display(), KIND, "", data));
    return new Taken(
        new Snapshot(environment, systems, Optional.of(entry.index()), entry.time().toString()),
        true);
  }

  /** The last recorded snapshot of an environment. */
  public Optional<Snapshot> last(String environment) {
    Snapshot found = null;
    for (LedgerEntry entry : lifecycle.ledger().entries()) {
      Fact fact = entry.fact();
      if (fact.kind().equals(KIND) && environment.equals(fact.data().get("environment"))) {
        Map<String, String> systems = new TreeMap<>();
        if (fact.data().get("systems") instanceof Map<?, ?> map) {
          map.forEach((k, v) -> systems.put(String.valueOf(k), String.valueOf(v)));
        }
        found =
            new Snapshot(environment, systems, Optional.of(entry.index()), entry.time().toString());
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The running revisions of the last snapshot that no change approved for the environment (or
   * standard) deployed there successfully: with exactly that commit, or, for an artifact digest
   * ({@code sha256:...}), recording an artifact of exactly that digest.
   */
  public List<Uncovered> reconcile(Snapshot snapshot) {
    List<ChangeRecord> changes = lifecycle.ledger().changes();
    List<Uncovered> uncovered = new ArrayList<>();
    for (Map.Entry<String, String> running : snapshot.systems().entrySet()) {
      String revision = running.getValue();
      boolean artifact = revision.startsWith("sha256:");
      Optional<ChangeRecord> covering =
          changes.stream()
              .filter(
                  c ->
                      c.changeClass() == ChangeClass.STANDARD
                          || c.approvedFor(snapshot.environment()))
              .filter(
                  c ->
                      c.deployments().stream()
                          .anyMatch(
                              r ->
                                  r.environment().equals(snapshot.environment())
                                      && r.status().equals("SUCCEEDED")
                                      && (artifact
                                          ? r.artifacts().stream()
                                              .anyMatch(a -> a.digest().equals(revision))
                                          : revision.equals(r.commit()))))
              .findFirst();
      if (covering.isEmpty()) {
        uncovered.add(
            new Uncovered(
                running.getKey(),
                revision,
                artifact
                    ? "no approved change was deployed to "
                        + snapshot.environment()
                        + " recording an artifact of this digest"
                    : "no approved change was deployed to "
                        + snapshot.environment()
                        + " with this commit"));
      }
    }
    return uncovered;
  }

  private static Map<String, String> parse(String environment, String output) {
    Map<String, String> systems = new TreeMap<>();
    int number = 0;
    for (String line : output.split("\n", -1)) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] parts = text.split("\\s+");
      boolean revision =
          parts.length == 2
              && (parts[1].matches("[0-9a-f]{40}|[0-9a-f]{64}")
                  || parts[1].matches("sha256:[0-9a-f]{64}"));
      if (!revision || systems.put(parts[0], parts[1]) != null) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "line "
                + number
                + " of what the running-state command of "
                + environment
                + " printed is not 'SYSTEM REVISION' (once per system): "
                + text.substring(0, Math.min(text.length(), 120)),
            "print one line per system: its name, a space, and the full commit id or"
                + " sha256:<digest> that runs");
      }
    }
    return systems;
  }

  private String run(String environment, String command) {
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", command)
            .directory(lifecycle.workspace().git().root().toFile())
            .redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot start the running-state command of " + environment, e.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = process.getInputStream()) {
                byte[] chunk = new byte[8192];
                int n;
                while ((n = in.read(chunk)) > 0) {
                  synchronized (out) {
                    if (out.size() < MAX_OUTPUT) {
                      out.write(chunk, 0, Math.min(n, MAX_OUTPUT - out.size()));
                    }
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "changetrail-running");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new ChangeTrailException(
            Problem.IO,
            "the running-state command of "
                + environment
                + " ran over "
                + TIMEOUT.toSeconds()
                + " s",
            "make it answer faster (it should only read a version)");
      }
      reader.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ChangeTrailException(Problem.IO, "interrupted", "");
    }
    String text;
    synchronized (out) {
      text = out.toString(StandardCharsets.UTF_8);
    }
    if (process.exitValue() != 0) {
      throw new ChangeTrailException(
          Problem.IO,
          "the running-state command of "
              + environment
              + " failed (exit "
              + process.exitValue()
              + "): "
              + text.lines().findFirst().orElse(""),
          "run it by hand in the server's clone: " + command);
    }
    return text;
  }
}
