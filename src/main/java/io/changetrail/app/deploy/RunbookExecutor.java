package io.changetrail.app.deploy;

import io.changetrail.domain.deploy.DurationText;
import io.changetrail.domain.deploy.Metric;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.RunbookStep;
import io.changetrail.domain.deploy.StepResult;
import io.changetrail.domain.deploy.StepStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs runbook steps as shell commands ({@code bash -c}, or {@code sh -c} where there is no bash),
 * one after the other, and reports each one as it happens.
 *
 * <p>Each command runs in the working directory with the caller's environment variables added,
 * stdin closed, stdout and stderr merged and streamed line by line to the listener. The run stops
 * at the first step that does not pass; the steps after it are reported as {@link
 * StepStatus#SKIPPED}. A command that outlives its timeout is stopped with its whole process tree
 * (SIGTERM, then SIGKILL after a grace period) and reported as {@link StepStatus#TIMED_OUT}. If the
 * calling thread is interrupted, the running command is stopped the same way and reported as {@link
 * StepStatus#INTERRUPTED}, and the thread's interrupt flag is set again when {@code run} returns.
 *
 * <p>Background processes a command leaves behind after it exits are not killed (a step may start a
 * daemon); what they write after the command exits is not part of the step's output (the JDK closes
 * the output pipe when the command exits).
 *
 * <p>Not thread-safe: one executor runs one deployment, from one thread.
 */
public final class RunbookExecutor {
  /** How many lines of output a result keeps (the digest covers all of it). */
  public static final int TAIL_LINES = 20;

  private static final int MAX_LINE_BYTES = 16 * 1024;
  private static final int MAX_TAIL_LINE_CHARS = 2_000;
  private static final int MAX_METRIC_NOTES = 5;
  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final Duration gracePeriod;

  /**
   * @param workingDirectory where the commands run (relative script paths start here)
   * @param environment variables added to the commands' environment, e.g. CHANGETRAIL_CHANGE
   */
  public RunbookExecutor(Path workingDirectory, Map<String, String> environment) {
    this(workingDirectory, environment, DEFAULT_GRACE);
  }

  /**
   * @param gracePeriod how long a command that is stopped may take to exit after SIGTERM before it
   *     and its child processes get SIGKILL
   */
  public RunbookExecutor(
      Path workingDirectory, Map<String, String> environment, Duration gracePeriod) {
    this.workingDirectory = workingDirectory;
    this.environment = Map.copyOf(environment);
    this.gracePeriod = gracePeriod;
  }

  /** Runs the pre-deployment checks, the steps and the post-deployment checks of a runbook. */
  public List<StepResult> runDeployment(Runbook runbook, DeploymentListener listener) {
    return run(runbook.deployment(), listener);
  }

  /**
   * Runs the steps in order, stopping at the first one that does not pass; returns one result per
   * step (the ones after a failure are SKIPPED).
   */
  public List<StepResult> run(List<RunbookStep> steps, DeploymentListener listener) {
    List<StepResult> results = new ArrayList<>();
    String skipReason = null;
    boolean interrupted = false;
    for (RunbookStep step : steps) {
      if (skipReason != null) {
        StepResult skipped = StepResult.skipped(step, Instant.now(), skipReason);
        listener.stepFinished(skipped);
        results.add(skipped);
        continue;
      }
      listener.stepStarted(step);
      StepResult result = execute(step, listener);
      listener.stepFinished(result);
      results.add(result);
      if (result.status().stopsTheRun()) {
        skipReason =
            "not run: "
                + result.phase().label()
                + " "
                + result.number()
                + " ("
                + result.name()
                + ") "
                + result.status().label();
      }
      interrupted |= result.status() == StepStatus.INTERRUPTED;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return results;
  }

  /**
   * Runs one step, streaming its output to the listener (without calling {@code stepStarted} or
   * {@code stepFinished}). If the calling thread is interrupted, the command is stopped and the
   * result is INTERRUPTED; the interrupt flag is then cleared (callers that care check the status).
   */
  public StepResult execute(RunbookStep step, DeploymentListener listener) {
    Instant started = Instant.now();
    long start = System.nanoTime();
    ProcessBuilder builder =
        new ProcessBuilder(shell(), "-c", step.run())
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return result(
          step,
          StepStatus.FAILED,
          started,
          elapsed(start),
          StepResult.NO_EXIT_CODE,
          new Capture(),
          List.of("could not start the command: " + e.getMessage()));
    }
    closeQuietly(process);
    OutputPump pump = new OutputPump(process.getInputStream(), step.name());
    pump.start();
    Capture capture = new Capture();
    List<String> notes = new ArrayList<>();
    long deadline = start + step.timeout().toNanos();
    StepStatus status = null;
    try {
      try {
        while (process.isAlive()) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            status = StepStatus.TIMED_OUT;
            break;
          }
          if (pump.drained()) {
            process.waitFor(Math.min(remaining, POLL_NANOS), TimeUnit.NANOSECONDS);
            continue;
          }
          byte[] chunk = pump.poll(Math.min(remaining, POLL_NANOS));
          if (chunk != null) {
            capture.add(step, chunk, listener, notes);
          }
        }
      } catch (InterruptedException e) {
        status = StepStatus.INTERRUPTED;
      }
      if (status != null) {
        int stopped = stopTree(process);
        notes.add(
            (status == StepStatus.TIMED_OUT
                    ? "timed out after " + DurationText.format(step.timeout())
                    : "the deployment process was interrupted")
                + "; stopped "
                + stopped
                + " process(es)");
      }
      boolean complete = drain(pump, step, capture, listener, notes);
      if (!complete) {
        notes.add(
            "output written after the command exited was not captured: a background process"
                + " still holds it open (redirect the output of background commands, e.g."
                + " 'nohup CMD >CMD.log 2>&1 &')");
      }
      Duration took = elapsed(start);
      if (status != null) {
        return result(step, status, started, took, StepResult.NO_EXIT_CODE, capture, notes);
      }
      int exit = process.exitValue();
      return result(
          step,
          exit == 0 ? StepStatus.PASSED : StepStatus.FAILED,
          started,
          took,
          exit,
          capture,
          notes);
    } finally {
      pump.abandon();
      if (process.isAlive()) {
        stopTree(process);
      }
    }
  }

  /** Delivers what is left of the output; false when the output did not end in time. */
  private static boolean drain(
      OutputPump pump,
      RunbookStep step,
      Capture capture,
      DeploymentListener listener,
      List<String> notes) {
    long deadline = System.nanoTime() + OUTPUT_DRAIN.toNanos();
    while (!pump.drained()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      byte[] chunk;
      try {
        chunk = pump.poll(Math.min(remaining, POLL_NANOS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (chunk != null) {
        capture.add(step, chunk, listener, notes);
      }
    }
    return true;
  }

  /**
   * Stops a process and all its descendants: SIGTERM to all, then SIGKILL to those still alive
   * after the grace period. Returns how many processes there were.
   */
  private int stopTree(Process process) {
    // Stopping must finish even when the thread is interrupted; the flag is restored after.
    boolean interrupted = Thread.interrupted();
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    collect(process.toHandle(), tree);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + gracePeriod.toNanos();
    while (System.nanoTime() < deadline && anyAlive(tree)) {
      // Children started while we were stopping their parents are stopped too.
      for (ProcessHandle handle : List.copyOf(tree)) {
        if (alive(handle)) {
          Set<ProcessHandle> more = new LinkedHashSet<>();
          collect(handle, more);
          more.removeAll(tree);
          more.forEach(ProcessHandle::destroy);
          tree.addAll(more);
        }
      }
      interrupted |= pause(20);
    }
    long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (anyAlive(tree) && System.nanoTime() < killDeadline) {
      for (ProcessHandle handle : List.copyOf(tree)) {
        if (alive(handle)) {
          collect(handle, tree);
        }
      }
      tree.stream().filter(RunbookExecutor::alive).forEach(ProcessHandle::destroyForcibly);
      interrupted |= pause(20);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return tree.size();
  }

  private static void collect(ProcessHandle root, Set<ProcessHandle> into) {
    into.add(root);
    root.descendants().forEach(into::add);
  }

  private static boolean anyAlive(Set<ProcessHandle> handles) {
    return handles.stream().anyMatch(RunbookExecutor::alive);
  }

  /** Alive and not a zombie (a dead process whose parent has not collected it yet). */
  private static boolean alive(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(handle.pid()), "stat");
    try {
      String text = Files.readString(stat, StandardCharsets.ISO_8859_1);
      int afterName = text.lastIndexOf(')');
      return afterName < 0 || afterName + 2 >= text.length() || text.charAt(afterName + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return handle.isAlive();
    }
  }

  /** Sleeps; true when the sleep was interrupted (the flag is then left cleared). */
  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The command may already have exited; it then needs no input anyway.
    }
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static StepResult result(
      RunbookStep step,
      StepStatus status,
      Instant started,
      Duration took,
      int exitCode,
      Capture capture,
      List<String> notes) {
    return new StepResult(
        step.phase(),
        step.number(),
        step.name(),
        step.run(),
        status,
        started,
        took,
        exitCode,
        capture.digest(),
        capture.tail(),
        capture.metrics,
        String.join("\n", notes));
  }

  private static String shell() {
    return Shell.PATH;
  }

  /** The shell that runs the commands, found once. */
  private static final class Shell {
    static final String PATH = find();

    private static String find() {
      for (String candidate : List.of("/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash")) {
        if (Files.isExecutable(Path.of(candidate))) {
          return candidate;
        }
      }
      return "sh";
    }
  }

  /** What the executor keeps of a step's output: digest, tail, metrics. */
  private static final class Capture {
    private final MessageDigest sha256 = newDigest();
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<Metric> metrics = new ArrayList<>();
    private int malformedMetrics;

    void add(RunbookStep step, byte[] chunk, DeploymentListener listener, List<String> notes) {
      sha256.update(chunk);
      int end = chunk.length;
      if (end > 0 && chunk[end - 1] == '\n') {
        end--;
        if (end > 0 && chunk[end - 1] == '\r') {
          end--;
        }
      }
      String line = new String(chunk, 0, end, StandardCharsets.UTF_8);
      if (Metric.isMetricLine(line)) {
        var metric = Metric.parse(line);
        if (metric.isPresent()) {
          metrics.add(metric.get());
        } else if (++malformedMetrics <= MAX_METRIC_NOTES) {
          notes.add(
              "ignored a malformed metric line (expected ::metric NAME=VALUE [UNIT]): "
                  + shorten(line));
        } else if (malformedMetrics == MAX_METRIC_NOTES + 1) {
          notes.add("ignored more malformed metric lines");
        }
      }
      tail.addLast(shorten(line));
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
      listener.output(step, line);
    }

    private static String shorten(String line) {
      return line.length() > MAX_TAIL_LINE_CHARS
          ? line.substring(0, MAX_TAIL_LINE_CHARS) + " ..."
          : line;
    }

    String digest() {
      return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    String tail() {
      return tail.isEmpty() ? "" : String.join("\n", tail) + "\n";
    }

    private static MessageDigest newDigest() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  }

  /**
   * Reads a command's output on its own thread and cuts it into lines (raw bytes, line break
   * included, so that the digest covers exactly what the command wrote).
   */
  private static final class OutputPump extends Thread {
    private final InputStream input;
    private final BlockingQueue<byte[]> lines = new LinkedBlockingQueue<>(4_096);
    private volatile boolean ended;
    private volatile boolean abandoned;

    OutputPump(InputStream input, String stepName) {
      super("runbook-output: " + stepName);
      this.input = input;
      setDaemon(true);
    }

    @Override
    public void run() {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buffer = new byte[8_192];
      try (input) {
        int read;
        while ((read = input.read(buffer)) >= 0) {
          for (int i = 0; i < read; i++) {
            byte b = buffer[i];
            // A very long line is cut, never inside a UTF-8 character.
            if (line.size() >= MAX_LINE_BYTES && (b & 0xC0) != 0x80) {
              emit(line);
            }
            line.write(b);
            if (b == '\n') {
              emit(line);
            }
          }
        }
      } catch (IOException e) {
        // The stream was closed under us: the command is gone; what was read is delivered.
      } finally {
        if (line.size() > 0) {
          emit(line);
        }
        ended = true;
      }
    }

    private void emit(ByteArrayOutputStream line) {
      byte[] bytes = line.toByteArray();
      line.reset();
      try {
        while (!abandoned && !lines.offer(bytes, 100, TimeUnit.MILLISECONDS)) {
          // The listener is slow: wait (the command blocks on its full pipe meanwhile).
        }
      } catch (InterruptedException e) {
        abandoned = true;
      }
    }

    /** The next line, or null when none came within the time. */
    byte[] poll(long nanos) throws InterruptedException {
      return lines.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** The output has ended and every line of it has been taken. */
    boolean drained() {
      return ended && lines.isEmpty();
    }

    void abandon() {
      abandoned = true;
      lines.clear();
    }
  }
}
