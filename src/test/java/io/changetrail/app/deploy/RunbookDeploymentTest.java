package io.changetrail.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.changetrail.domain.deploy.Deployment;
import io.changetrail.domain.deploy.DeploymentDocument;
import io.changetrail.domain.deploy.DeploymentStatus;
import io.changetrail.domain.deploy.Issue;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.StepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** A runbook read from a file, run on real scripts, recorded and rendered, as `deploy` will. */
class RunbookDeploymentTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  private static JsonSchema schema(String file) throws Exception {
    JsonNode node = MAPPER.readTree(Files.readString(Path.of("docs", file)));
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
  }

  @Test
  void aFailedReleaseIsRolledBackAndDocumented() throws Exception {
    Files.writeString(
        dir.resolve("deploy.sh"),
        "#!/usr/bin/env bash\nset -euo pipefail\necho \"deploying $1 for $CHANGETRAIL_CHANGE\"\n"
            + "echo '::metric deploy_seconds=2.5 s'\n");
    Files.writeString(
        dir.resolve("smoke.sh"),
        "#!/usr/bin/env bash\necho '::metric p99_latency_us=912 us'\n"
            + "echo 'p99 above the 500 us budget' >&2\nexit 4\n");
    dir.resolve("deploy.sh").toFile().setExecutable(true);
    dir.resolve("smoke.sh").toFile().setExecutable(true);
    Path file = dir.resolve("prod.yml");
    Files.writeString(
        file,
        """
        name: order-router release
        environment: prod
        timeout: 10s
        pre_checks:
          - name: venue connectivity
            run: echo venues reachable
        steps:
          - name: deploy order-router
            run: ./deploy.sh order-router
        post_checks:
          - name: latency within budget
            run: ./smoke.sh
          - name: never reached
            run: 'true'
        rollback:
          - name: redeploy previous release
            run: ./deploy.sh order-router-previous
        """);
    Runbook runbook = new RunbookParser().parse(file);
    RunbookExecutor executor =
        new RunbookExecutor(
            dir, Map.of("CHANGETRAIL_CHANGE", "CHG-20261124-7K3Q", "CHANGETRAIL_ENV", "prod"));
    StringWriter console = new StringWriter();
    ConsoleProgress progress = new ConsoleProgress(new PrintWriter(console), runbook);
    Instant started = Instant.now();

    List<StepResult> results = new ArrayList<>(executor.runDeployment(runbook, progress));
    assertThat(DeploymentStatus.of(results)).isEqualTo(DeploymentStatus.FAILED);
    results.addAll(executor.run(runbook.rollback(), progress));
    Deployment deployment =
        new Deployment(
            "DEP-20261124-0001",
            "CHG-20261124-7K3Q",
            runbook.environment(),
            runbook.source(),
            "Rita Release",
            started,
            Instant.now(),
            DeploymentStatus.of(results),
            results,
            List.of(
                new Issue(
                    Instant.now(),
                    "p99 latency 912 us after the release, budget 500 us",
                    "rolled back to the previous release")));

    assertThat(deployment.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
    assertThat(console.toString())
        .contains("▶ [post-check 1/2] latency within budget")
        .contains("✘ failed (exit 4)")
        .contains("⏭ [post-check 2/2] never reached: skipped")
        .contains("deploying order-router-previous for CHG-20261124-7K3Q");

    String md = DeploymentDocument.markdown(deployment);
    assertThat(md)
        .contains("- ✅ venue connectivity (passed in ")
        .contains("- ❌ latency within budget (failed (exit 4) in ")
        .contains("| deploy\\_seconds | 2.5 | s | Step 1: deploy order-router |")
        .contains("| p99\\_latency\\_us | 912 | us | Post-check 1: latency within budget |")
        .contains("## Rollback")
        .contains("p99 above the 500 us budget");
    assertThat(DeploymentDocument.html(deployment)).contains("<h2>Rollback</h2>");

    JsonNode json = MAPPER.valueToTree(DeploymentDocument.json(deployment));
    assertThat(schema("deployment.schema.json").validate(json)).isEmpty();
    assertThat(json.get("steps").get(0).get("outputDigest").asText()).startsWith("sha256:");

    JsonNode interrupted =
        MAPPER.valueToTree(
            DeploymentDocument.json(
                new Deployment(
                        "DEP-2",
                        "",
                        "prod",
                        "",
                        "",
                        started,
                        null,
                        DeploymentStatus.RUNNING,
                        results.subList(0, 1),
                        List.of())
                    .interruptedIfRunning()));
    assertThat(schema("deployment.schema.json").validate(interrupted)).isEmpty();
  }

  @Test
  void theRunbookSchemaAgreesWithTheParser() throws Exception {
    JsonSchema schema = schema("runbook.schema.json");
    String docs = Files.readString(Path.of("docs", "runbooks.md"));
    int start = docs.indexOf("```yaml\n") + "```yaml\n".length();
    String example = docs.substring(start, docs.indexOf("```", start));
    assertThat(schema.validate(yaml(example))).isEmpty();
    assertThat(schema.validate(yaml("steps:\n  - run: ./x\n    tiemout: 1s\n"))).isNotEmpty();
    assertThat(schema.validate(yaml("steps:\n  - run: ./x\n    timeout: 30\n"))).isNotEmpty();
    assertThat(schema.validate(yaml("steps: []\n"))).isNotEmpty();
    assertThat(schema.validate(yaml("steps: [./deploy.sh]\ntimeout: 1m30s\n"))).isEmpty();
    assertThat(Duration.ofMinutes(5)).isEqualTo(RunbookParser.DEFAULT_TIMEOUT);
  }

  private static JsonNode yaml(String text) {
    Object value = new Load(LoadSettings.builder().build()).loadFromString(text);
    return MAPPER.valueToTree(value);
  }
}
