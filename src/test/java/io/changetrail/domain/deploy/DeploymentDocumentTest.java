package io.changetrail.domain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentDocumentTest {
  private static final Instant T0 = Instant.parse("2026-11-24T16:00:00Z");
  private static final String DIGEST =
      "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

  private static StepResult result(
      Phase phase, int number, String name, StepStatus status, long millis, List<Metric> metrics) {
    return new StepResult(
        phase,
        number,
        name,
        "./" + name.replace(' ', '-') + ".sh",
        status,
        T0.plusSeconds(number),
        Duration.ofMillis(millis),
        status == StepStatus.PASSED ? 0 : status == StepStatus.FAILED ? 3 : StepResult.NO_EXIT_CODE,
        DIGEST,
        status == StepStatus.PASSED ? "ok\n" : "connection refused\n",
        metrics,
        "");
  }

  /** A deployment whose post-check failed and that was rolled back, with an issue. */
  private static Deployment rolledBack() {
    return new Deployment(
        "DEP-20261124-0001",
        "CHG-20261124-7K3Q",
        "prod",
        "deploy/prod.yml",
        "Rita Release",
        T0,
        T0.plusSeconds(75),
        DeploymentStatus.ROLLED_BACK,
        List.of(
            result(Phase.PRE_CHECK, 1, "venue connectivity", StepStatus.PASSED, 1200, List.of()),
            result(
                Phase.STEP,
                1,
                "deploy order-router",
                StepStatus.PASSED,
                3400,
                List.of(
                    new Metric("p99_latency_us", 412, "us"),
                    new Metric("memory_usage", 512, "MiB"))),
            result(Phase.POST_CHECK, 1, "smoke test", StepStatus.FAILED, 400, List.of()),
            result(Phase.ROLLBACK, 1, "redeploy previous", StepStatus.PASSED, 2100, List.of())),
        List.of(
            new Issue(
                T0.plusSeconds(60),
                "smoke test could not reach venue XLON",
                "rolled back; venue gateway config to be fixed in CHG-20261124-8A1B",
                "HIGH",
                java.util.Optional.of(java.time.Duration.ofMinutes(15)))));
  }

  @Test
  void markdownHasEveryPartOfTheDocument() {
    String md = DeploymentDocument.markdown(rolledBack());

    assertThat(md)
        .startsWith("# Deployment DEP-20261124-0001: deploy/prod.yml\n")
        .contains("## Deployment Information")
        .contains("- **Deployment ID**: DEP-20261124-0001")
        .contains("- **Date**: 2026-11-24 16:00:00 UTC")
        .contains("- **Environment**: prod")
        .contains("- **Change**: CHG-20261124-7K3Q")
        .contains("- **Deployer**: Rita Release")
        .contains("- **Status**: ↩ ROLLED BACK")
        .contains("- **Finished**: 2026-11-24 16:01:15 UTC (took 1m 15s)")
        .contains("## Pre-deployment verification\n\n- ✅ venue connectivity (passed in 1.2s)")
        .contains("## Deployment steps")
        .contains("| 1 | deploy order-router | ✅ PASSED | 3.4s | 0 |")
        .contains("## Post-deployment verification\n\n- ❌ smoke test (failed (exit 3) in 400ms)")
        .contains("## Performance Metrics")
        .contains("| p99\\_latency\\_us | 412 | us | Step 1: deploy order-router |")
        .contains(
            "## Performance Impact\n\n- **Deployment Time**: 1m 15s (measured: start to finish)")
        .contains("- **Compilation Time**: N/A (no step reported it")
        .contains("- **Memory Usage**: 512 MiB (reported by Step 1: deploy order-router)")
        .contains("## Issues and Resolutions")
        .contains("### Issue: smoke test could not reach venue XLON\n- **Severity**: HIGH")
        .contains("- **Resolution Time**: 15m")
        .contains("smoke test could not reach venue XLON")
        .contains("rolled back; venue gateway config to be fixed in CHG-20261124-8A1B")
        .contains("## Rollback\n\n| # | Step |")
        .contains("| 1 | redeploy previous | ✅ PASSED | 2.1s | 0 |")
        .contains("## Step Details")
        .contains("### Post-check 1: smoke test")
        .contains("- **Command**: `./smoke-test.sh`")
        .contains("- **Output digest**: `" + DIGEST + "`")
        .contains("```\nconnection refused\n```")
        .contains("ROLLED BACK")
        .contains("NOT deployed");
    // Parts appear in the methodology's order.
    assertThat(md.indexOf("Pre-deployment verification"))
        .isLessThan(md.indexOf("## Deployment steps"));
    assertThat(md.indexOf("## Deployment steps"))
        .isLessThan(md.indexOf("## Post-deployment verification"));
    assertThat(md.indexOf("## Post-deployment verification"))
        .isLessThan(md.indexOf("## Performance Metrics"));
    assertThat(md.indexOf("## Performance Metrics"))
        .isLessThan(md.indexOf("## Issues and Resolutions"));
  }

  @Test
  void htmlHasEveryPartAndIsSelfContained() {
    String html = DeploymentDocument.html(rolledBack());

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<style>")
        .doesNotContain("<script", "<link", "src=")
        .contains("<h2>Deployment Information</h2>")
        .contains("<tr><th>Deployment ID</th><td>DEP-20261124-0001</td></tr>")
        .contains("<tr><th>Environment</th><td>prod</td></tr>")
        .contains("<h2>Pre-deployment verification</h2>")
        .contains("<li>✅ venue connectivity (passed in 1.2s)</li>")
        .contains("<h2>Deployment steps</h2>")
        .contains("<h2>Post-deployment verification</h2>")
        .contains("<li>❌ smoke test (failed (exit 3) in 400ms)</li>")
        .contains("<h2>Performance Metrics</h2>")
        .contains("<td>p99_latency_us</td><td>412</td><td>us</td>")
        .contains("<h2>Issues and Resolutions</h2>")
        .contains("<h2>Rollback</h2>")
        .contains("<pre>connection refused\n</pre>")
        .endsWith("</html>\n");
  }

  @Test
  void htmlEscapesEverythingItShows() {
    String evil = "<script>alert(1)</script>";
    Deployment deployment =
        new Deployment(
            "DEP-\"1\"",
            "CHG-<b>",
            "prod & co",
            "deploy/'prod'.yml",
            evil,
            T0,
            T0.plusSeconds(5),
            DeploymentStatus.FAILED,
            List.of(
                new StepResult(
                    Phase.STEP,
                    1,
                    evil,
                    "echo " + evil,
                    StepStatus.FAILED,
                    T0,
                    Duration.ofSeconds(1),
                    1,
                    DIGEST,
                    evil + "\n",
                    List.of(new Metric(evil, 1, evil)),
                    evil)),
            List.of(new Issue(T0, evil, evil)));

    String html = DeploymentDocument.html(deployment);

    assertThat(html)
        .doesNotContain("<script>", "<b>", "'prod'", "\"1\"")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("prod &amp; co")
        .contains("DEP-&quot;1&quot;")
        .contains("deploy/&#39;prod&#39;.yml");
    // Markdown escapes text; commands and output stay literal inside code spans and blocks.
    assertThat(DeploymentDocument.markdown(deployment))
        .contains("### Step 1: \\<script\\>alert(1)\\</script\\>")
        .contains("- **Deployer**: \\<script\\>alert(1)\\</script\\>")
        .contains("- **Command**: `echo <script>alert(1)</script>`")
        .contains("```\n<script>alert(1)</script>\n```");
  }

  @Test
  void anInterruptedDeploymentNeverReadsAsSucceeded() {
    Deployment running =
        new Deployment(
            "DEP-2",
            "CHG-20261124-7K3Q",
            "prod",
            "deploy/prod.yml",
            "Rita Release",
            T0,
            null,
            DeploymentStatus.RUNNING,
            List.of(
                result(
                    Phase.PRE_CHECK, 1, "venue connectivity", StepStatus.PASSED, 1200, List.of())),
            List.of());
    Deployment interrupted = running.interruptedIfRunning();
    assertThat(interrupted.status()).isEqualTo(DeploymentStatus.INTERRUPTED);
    assertThat(interrupted.status().succeeded()).isFalse();

    String md = DeploymentDocument.markdown(interrupted);
    assertThat(md)
        .contains(
            "⚠ INTERRUPTED: the deployment process stopped before it finished; it did NOT succeed.")
        .contains("- **Status**: ⚠ INTERRUPTED")
        .contains("- **Finished**: never (the deployment did not finish)")
        .doesNotContain("SUCCEEDED");
    assertThat(DeploymentDocument.html(interrupted))
        .contains("class=\"verdict warn\"")
        .contains("it did NOT succeed")
        .doesNotContain("SUCCEEDED");
    assertThat(DeploymentDocument.json(interrupted))
        .containsEntry("status", "INTERRUPTED")
        .containsEntry("succeeded", false)
        .containsEntry("finished", null);

    assertThat(DeploymentDocument.markdown(running))
        .contains("RUNNING: this deployment has not finished yet")
        .contains("not yet (running)");
  }

  @Test
  void jsonIsAPlainTreeThatSerializes() throws Exception {
    Map<String, Object> tree = DeploymentDocument.json(rolledBack());
    JsonNode json = new ObjectMapper().valueToTree(tree);

    assertThat(json.get("schema").asText()).isEqualTo(DeploymentDocument.SCHEMA);
    assertThat(json.get("id").asText()).isEqualTo("DEP-20261124-0001");
    assertThat(json.get("change").asText()).isEqualTo("CHG-20261124-7K3Q");
    assertThat(json.get("environment").asText()).isEqualTo("prod");
    assertThat(json.get("deployer").asText()).isEqualTo("Rita Release");
    assertThat(json.get("started").asText()).isEqualTo("2026-11-24T16:00:00Z");
    assertThat(json.get("durationMs").asLong()).isEqualTo(75_000);
    assertThat(json.get("status").asText()).isEqualTo("ROLLED_BACK");
    assertThat(json.get("succeeded").asBoolean()).isFalse();
    assertThat(json.get("preDeploymentVerification").get(0).get("status").asText())
        .isEqualTo("PASSED");
    JsonNode step = json.get("steps").get(0);
    assertThat(step.get("name").asText()).isEqualTo("deploy order-router");
    assertThat(step.get("durationMs").asLong()).isEqualTo(3400);
    assertThat(step.get("exitCode").asInt()).isZero();
    assertThat(step.get("outputDigest").asText()).isEqualTo(DIGEST);
    assertThat(step.get("metrics").get(0).get("value").asDouble()).isEqualTo(412.0);
    assertThat(json.get("postDeploymentVerification").get(0).get("exitCode").asInt()).isEqualTo(3);
    assertThat(json.get("performanceMetrics").get(0).get("stepName").asText())
        .isEqualTo("deploy order-router");
    assertThat(json.get("issues").get(0).get("resolution").asText()).startsWith("rolled back");
    assertThat(json.get("rollback").get(0).get("status").asText()).isEqualTo("PASSED");
  }

  @Test
  void skippedAndTimedOutStepsSayWhatHappened() {
    Deployment failed =
        new Deployment(
            "DEP-3",
            "CHG-1",
            "prod",
            "deploy/prod.yml",
            "",
            T0,
            T0.plusSeconds(31),
            DeploymentStatus.FAILED,
            List.of(
                result(Phase.STEP, 1, "migrate", StepStatus.TIMED_OUT, 30_000, List.of()),
                StepResult.skipped(
                    new RunbookStep(
                        Phase.STEP, 2, "deploy", "./deploy.sh", Duration.ofMinutes(5), 9),
                    T0.plusSeconds(31),
                    "not run: step 1 (migrate) timed out")),
            List.of());
    String md = DeploymentDocument.markdown(failed);
    assertThat(md)
        .contains("| 1 | migrate | ⏱ TIMED OUT | 30s | - |")
        .contains("| 2 | deploy | ⏭ SKIPPED | - | - |")
        .contains("FAILED: the deployment stopped at the first failure; it did NOT succeed")
        .contains("- **Deployer**: _not recorded_")
        .contains("_No metrics reported")
        .contains("_None recorded._")
        .contains("not run: step 1 (migrate) timed out")
        .doesNotContain("## Rollback");
  }

  @Test
  void markdownSurvivesBackticksAndPipes() {
    Deployment deployment =
        new Deployment(
            "DEP-4",
            "",
            "prod",
            "",
            "",
            T0,
            T0,
            DeploymentStatus.SUCCEEDED,
            List.of(
                new StepResult(
                    Phase.STEP,
                    1,
                    "a | b",
                    "echo `date` | tee x",
                    StepStatus.PASSED,
                    T0,
                    Duration.ZERO,
                    0,
                    DIGEST,
                    "",
                    List.of(),
                    "")),
            List.of());
    assertThat(DeploymentDocument.markdown(deployment))
        .contains("| 1 | a \\| b | ✅ PASSED |")
        .contains("- **Command**: ``echo `date` | tee x``")
        .contains("SUCCEEDED: every check and step passed");
  }

  @Test
  void theVerdictSaysWhetherTheRollbackFollowedAFailureOrACompletedDeployment() {
    assertThat(DeploymentDocument.verdict(rolledBack()))
        .startsWith("↩ ROLLED BACK: the deployment failed and the documented rollback passed");
    Deployment afterSuccess =
        new Deployment(
            "DEP-20261124-0002",
            "CHG-20261124-7K3Q",
            "prod",
            "deploy/prod.yml",
            "Rita Release",
            T0,
            T0.plusSeconds(75),
            DeploymentStatus.ROLLED_BACK,
            List.of(
                result(Phase.STEP, 1, "deploy order-router", StepStatus.FAILED, 3400, List.of()),
                result(Phase.STEP, 1, "deploy order-router", StepStatus.PASSED, 3400, List.of()),
                result(Phase.ROLLBACK, 1, "redeploy previous", StepStatus.PASSED, 2100, List.of())),
            List.of());
    assertThat(DeploymentDocument.verdict(afterSuccess))
        .as("the step recorded again passed: the rollback did not follow a failure")
        .isEqualTo(
            "↩ ROLLED BACK: the deployment completed, then the documented rollback ran and passed;"
                + " the change is NOT deployed.");
  }
}
