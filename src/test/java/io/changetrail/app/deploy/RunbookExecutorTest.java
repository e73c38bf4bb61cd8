package io.changetrail.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.deploy.Metric;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.RunbookStep;
import io.changetrail.domain.deploy.StepResult;
import io.changetrail.domain.deploy.StepStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RunbookExecutorTest {
  @TempDir Path dir;

  private RunbookExecutor executor() {
    return new RunbookExecutor(dir, Map.of(), Duration.ofSeconds(2));
  }

  private static RunbookStep step(int number, String run) {
    return step(number, run, Duration.ofSeconds(10));
  }

  private static RunbookStep step(int number, String run, Duration timeout) {
    return new RunbookStep(Phase.STEP, number, "step " + number, run, timeout, number);
  }

  /** Records every call, in order, as text. */
  private static class Recorder implements DeploymentListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void stepStarted(RunbookStep step) {
      events.add("started " + step.name());
    }

    @Override
    public void output(RunbookStep step, String line) {
      lines.add(line);
      events.add("output " + step.name() + ": " + line);
    }

    @Override
    public void stepFinished(StepResult result) {
      events.add("finished " + result.name() + " " + result.status());
    }
  }

  @Test
  void passingStepsAreReportedAsTheyHappen() {
    Recorder recorder = new Recorder();
    List<StepResult> results =
        executor().run(List.of(step(1, "echo one"), step(2, "echo two; echo 2b")), recorder);

    assertThat(results).extracting(StepResult::status).containsOnly(StepStatus.PASSED);
    assertThat(results).extracting(StepResult::exitCode).containsOnly(0);
    assertThat(results.get(1).outputTail()).isEqualTo("two\n2b\n");
    assertThat(results.get(1).command()).isEqualTo("echo two; echo 2b");
    assertThat(results.get(1).started()).isAfterOrEqualTo(results.get(0).started());
    assertThat(recorder.events)
        .containsExactly(
            "started step 1",
            "output step 1: one",
            "finished step 1 PASSED",
            "started step 2",
            "output step 2: two",
            "output step 2: 2b",
            "finished step 2 PASSED");
  }

  @Test
  void aFailingStepStopsTheRunAndTheRestIsSkipped() {
    Recorder recorder = new Recorder();
    Path marker = dir.resolve("ran-step-3");
    List<StepResult> results =
        executor()
            .run(
                List.of(
                    step(1, "true"), step(2, "echo boom >&2; exit 3"), step(3, "touch " + marker)),
                recorder);

    assertThat(results)
        .extracting(StepResult::status)
        .containsExactly(StepStatus.PASSED, StepStatus.FAILED, StepStatus.SKIPPED);
    assertThat(results.get(1).exitCode()).isEqualTo(3);
    assertThat(results.get(1).outputTail()).isEqualTo("boom\n");
    assertThat(results.get(2).notes()).isEqualTo("not run: step 2 (step 2) failed");
    assertThat(results.get(2).hasExitCode()).isFalse();
    assertThat(marker).doesNotExist();
    assertThat(recorder.events)
        .containsSubsequence("finished step 2 FAILED", "finished step 3 SKIPPED")
        .doesNotContain("started step 3");
  }

  @Test
  @Timeout(30) // a guard against a hang, not a speed assertion: the step sleeps 62 s untimed
  void aHangingStepTimesOutAndNoneOfItsProcessesSurvive() {
    Recorder recorder = new Recorder();
    // Prints its own pid, a background sleep's, a nested shell's and that shell's sleep's.
    String hang =
        "echo $$; sleep 60 & echo $!; bash -c 'sleep 61 & echo $!; wait' & echo $!; sleep 62";
    List<StepResult> results =
        executor()
            .run(List.of(step(1, hang, Duration.ofSeconds(1)), step(2, "echo never")), recorder);

    StepResult timedOut = results.get(0);
    assertThat(timedOut.status()).isEqualTo(StepStatus.TIMED_OUT);
    assertThat(timedOut.hasExitCode()).isFalse();
    assertThat(timedOut.notes()).startsWith("timed out after 1s; stopped ");
    // The timeout has passed when the step is stopped (a lower bound: never flaky).
    assertThat(timedOut.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(results.get(1).status()).isEqualTo(StepStatus.SKIPPED);

    assertThat(recorder.lines).hasSize(4);
    for (String pid : recorder.lines) {
      assertThat(running(Long.parseLong(pid))).as("process %s still runs", pid).isFalse();
    }
  }

  /** Alive and not a zombie waiting for its parent. */
  private static boolean running(long pid) {
    if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void outputIsStreamedInOrderWhileTheCommandRuns() {
    List<String> received = new ArrayList<>();
    Path go = dir.resolve("go");
    // The command waits for the listener to have seen its first line: it can only go on (and
    // say "streamed") if that line reached the listener while the command was still running.
    DeploymentListener listener =
        new Recorder() {
          @Override
          public void output(RunbookStep step, String line) {
            received.add(line);
            if (line.equals("first")) {
              try {
                Files.writeString(go, "go");
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }
        };
    StepResult result =
        executor()
            .run(
                List.of(
                    step(
                        1,
                        "echo first; for i in $(seq 1 400); do [ -f go ] && break; sleep 0.05;"
                            + " done; if [ -f go ]; then echo streamed; else echo buffered; fi;"
                            + " for i in 1 2 3; do echo line $i; done; echo err >&2",
                        Duration.ofSeconds(60))),
                listener)
            .get(0);

    assertThat(result.status()).isEqualTo(StepStatus.PASSED);
    assertThat(received).containsExactly("first", "streamed", "line 1", "line 2", "line 3", "err");
  }

  @Test
  void theDigestIsTheSha256OfTheExactOutputBytes() throws Exception {
    Recorder recorder = new Recorder();
    StepResult result = executor().run(List.of(step(1, "printf 'a\\nb\\r\\nc'")), recorder).get(0);

    assertThat(recorder.lines).containsExactly("a", "b", "c");
    assertThat(result.outputDigest())
        .isEqualTo(sha256("a\nb\r\nc".getBytes(StandardCharsets.UTF_8)));

    StepResult silent = executor().run(List.of(step(1, "true")), recorder).get(0);
    assertThat(silent.outputDigest())
        .isEqualTo(StepResult.EMPTY_DIGEST)
        .isEqualTo(sha256(new byte[0]));
  }

  @Test
  void longOutputKeepsItsTailAndItsWholeDigest() throws Exception {
    StepResult result =
        executor().run(List.of(step(1, "seq 1 50000")), DeploymentListener.none()).get(0);
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 50_000; i++) {
      expected.append(i).append('\n');
    }
    assertThat(result.outputDigest())
        .isEqualTo(sha256(expected.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(result.outputTail().lines().toList())
        .hasSize(RunbookExecutor.TAIL_LINES)
        .startsWith("49981")
        .endsWith("50000");
  }

  @Test
  void metricsAreReadFromMetricLines() {
    StepResult result =
        executor()
            .run(
                List.of(
                    step(
                        1,
                        "echo '::metric p99_latency_us=412 us'; echo '::metric fills=3';"
                            + " echo '::metric throughput=1.5e3 msg/s'; echo '::metric broken'")),
                DeploymentListener.none())
            .get(0);

    assertThat(result.status()).isEqualTo(StepStatus.PASSED);
    assertThat(result.metrics())
        .containsExactly(
            new Metric("p99_latency_us", 412, "us"),
            new Metric("fills", 3, ""),
            new Metric("throughput", 1500, "msg/s"));
    assertThat(result.notes())
        .contains("ignored a malformed metric line")
        .contains("::metric broken");
  }

  @Test
  void theCallersEnvironmentAndWorkingDirectoryReachTheCommand() throws Exception {
    Recorder recorder = new Recorder();
    RunbookExecutor executor =
        new RunbookExecutor(
            dir, Map.of("CHANGETRAIL_CHANGE", "CHG-20261124-7K3Q", "CHANGETRAIL_ENV", "prod"));
    StepResult result =
        executor
            .run(
                List.of(step(1, "echo \"$CHANGETRAIL_CHANGE $CHANGETRAIL_ENV\"; pwd -P")), recorder)
            .get(0);

    assertThat(result.status()).isEqualTo(StepStatus.PASSED);
    assertThat(recorder.lines)
        .containsExactly("CHG-20261124-7K3Q prod", dir.toRealPath().toString());
  }

  @Test
  void aCommandReadingStdinDoesNotHang() {
    StepResult result =
        executor()
            .run(
                List.of(step(1, "cat; echo done", Duration.ofSeconds(5))),
                DeploymentListener.none())
            .get(0);
    // A command waiting for input would have been stopped at its timeout (TIMED_OUT).
    assertThat(result.status()).isEqualTo(StepStatus.PASSED);
    assertThat(result.outputTail()).isEqualTo("done\n");
  }

  @Test
  void aCommandThatCannotStartFails() {
    RunbookExecutor executor = new RunbookExecutor(dir.resolve("missing"), Map.of());
    List<StepResult> results =
        executor.run(List.of(step(1, "true"), step(2, "true")), DeploymentListener.none());
    assertThat(results)
        .extracting(StepResult::status)
        .containsExactly(StepStatus.FAILED, StepStatus.SKIPPED);
    assertThat(results.get(0).notes()).startsWith("could not start the command");
  }

  @Test
  void aBackgroundProcessDoesNotHoldTheStepOpen() {
    Recorder recorder = new Recorder();
    StepResult result =
        executor()
            .run(
                List.of(step(1, "(sleep 30; echo late) & echo started", Duration.ofSeconds(10))),
                recorder)
            .get(0);
    // Held open by the background sleep, the step would have timed out after 10 s.
    assertThat(result.status()).isEqualTo(StepStatus.PASSED);
    // What a background process writes after the command exited is not part of the step.
    assertThat(recorder.lines).containsExactly("started");
  }

  @Test
  @Timeout(30) // a guard against a hang, not a speed assertion
  void anInterruptedRunStopsTheCommandAndSaysSo() throws Exception {
    AtomicReference<List<StepResult>> results = new AtomicReference<>();
    AtomicReference<Boolean> flagAfterwards = new AtomicReference<>();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    DeploymentListener listener =
        new Recorder() {
          @Override
          public void output(RunbookStep step, String line) {
            started.countDown();
          }
        };
    Thread runner =
        new Thread(
            () -> {
              results.set(
                  executor()
                      .run(
                          List.of(step(1, "echo started; sleep 30"), step(2, "echo never")),
                          listener));
              flagAfterwards.set(Thread.currentThread().isInterrupted());
            });
    runner.start();
    started.await();
    runner.interrupt();
    runner.join(10_000);

    assertThat(results.get())
        .extracting(StepResult::status)
        .containsExactly(StepStatus.INTERRUPTED, StepStatus.SKIPPED);
    assertThat(results.get().get(0).outputTail()).isEqualTo("started\n");
    assertThat(flagAfterwards.get()).isTrue();
  }

  @Test
  void aWholeRunbookRunsChecksStepsAndChecks() {
    Runbook runbook =
        new Runbook(
            "release",
            "prod",
            List.of(new RunbookStep(Phase.PRE_CHECK, 1, "pre", "exit 1", Duration.ofSeconds(5), 1)),
            List.of(step(1, "echo deploy")),
            List.of(new RunbookStep(Phase.POST_CHECK, 1, "post", "true", Duration.ofSeconds(5), 3)),
            List.of(),
            "deploy/prod.yml");
    List<StepResult> results = executor().runDeployment(runbook, DeploymentListener.none());
    assertThat(results)
        .extracting(StepResult::phase, StepResult::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Phase.PRE_CHECK, StepStatus.FAILED),
            org.assertj.core.groups.Tuple.tuple(Phase.STEP, StepStatus.SKIPPED),
            org.assertj.core.groups.Tuple.tuple(Phase.POST_CHECK, StepStatus.SKIPPED));
    assertThat(results.get(1).notes()).isEqualTo("not run: pre-check 1 (pre) failed");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  @Timeout(20) // a guard against a hang (the command sleeps 30 s), not a speed assertion
  void aListenerThatFailsStopsTheRunAndTheCommand() {
    List<String> pids = new ArrayList<>();
    DeploymentListener failing =
        new Recorder() {
          @Override
          public void output(RunbookStep step, String line) {
            pids.add(line);
            throw new IllegalStateException("the ledger is down");
          }
        };
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> executor().run(List.of(step(1, "echo $$; sleep 30")), failing))
        .hasMessage("the ledger is down");
    assertThat(running(Long.parseLong(pids.get(0)))).isFalse();
  }

  @Test
  void veryLongLinesAreCutWithoutLosingBytes() throws Exception {
    Recorder recorder = new Recorder();
    // 40,000 'é' (2 bytes each) on one line: cut into pieces, never inside a character.
    StepResult result =
        executor().run(List.of(step(1, "printf '%.0sé' $(seq 1 40000); echo")), recorder).get(0);
    assertThat(String.join("", recorder.lines)).isEqualTo("é".repeat(40_000));
    assertThat(recorder.lines).hasSizeGreaterThan(1).allMatch(l -> !l.contains("\uFFFD"));
    assertThat(result.outputDigest())
        .isEqualTo(sha256(("é".repeat(40_000) + "\n").getBytes(StandardCharsets.UTF_8)));
  }
}
