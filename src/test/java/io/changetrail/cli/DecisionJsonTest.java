package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** approve, reject and signoff print the change after the decision with --format json. */
class DecisionJsonTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  TestRepo repo;
  String ledger;

  @BeforeEach
  void setUp() {
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    repo.file(
            "changetrail.yml",
            "approvals:\n  require_documentation: false\nverification:\n  checks:\n"
                + "    - {name: unit tests, kind: test, run: 'true'}\n")
        .file("deploy/prod.yml", "steps:\n  - {name: deploy, run: 'true'}\n")
        .commit("CONFIGURATION: approvals");
    ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
  }

  private Cli.Result as(String who, String... args) {
    repo.git("config", "user.name", who);
    repo.git("config", "user.email", who.toLowerCase() + "@example.com");
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }

  private String change(String branch) {
    repo.checkout("main")
        .branch(branch)
        .file("order-router/src/main/java/acme/" + branch + ".java", "class " + branch + " {}\n")
        .commit("ENHANCEMENT: " + branch);
    Matcher id = ID.matcher(as("Alice", "change", "new").out());
    assertThat(id.find()).isTrue();
    return id.group();
  }

  private static JsonSchema schema() throws Exception {
    return schema("change.schema.json");
  }

  private static JsonSchema schema(String file) throws Exception {
    JsonNode node = JSON.readTree(Files.readString(Path.of("docs", file)));
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
  }

  @Test
  void approveAndRejectPrintTheChangeAfterTheDecision() throws Exception {
    String approved = change("fast");
    Cli.Result approve = as("Bob", "approve", approved, "--comment", "ok", "--format", "json");
    assertThat(approve.exitCode()).as(approve.err()).isZero();
    JsonNode json = JSON.readTree(approve.out());
    assertThat(schema().validate(json)).isEmpty();
    assertThat(json.get("id").asText()).isEqualTo(approved);
    assertThat(json.at("/decisions/0/decision").asText()).isEqualTo("approved");
    assertThat(json.at("/decisions/0/by").asText()).contains("bob@example.com");

    String rejected = change("slow");
    Cli.Result reject = as("Bob", "reject", rejected, "--comment", "no", "--format", "json");
    assertThat(reject.exitCode()).as(reject.err()).isZero();
    JsonNode rejectedJson = JSON.readTree(reject.out());
    assertThat(schema().validate(rejectedJson)).isEmpty();
    assertThat(rejectedJson.get("status").asText()).isEqualTo("REJECTED");
  }

  @Test
  void deployRunPrintsTheDeploymentRecordAndItsProgressGoesToStandardError() throws Exception {
    String id = change("fast");
    assertThat(as("Bob", "approve", id).exitCode()).isZero();
    Cli.Result run =
        as(
            "Carol",
            "deploy",
            "run",
            id,
            "--env",
            "prod",
            "--plan",
            "deploy/prod.yml",
            "--format",
            "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = JSON.readTree(run.out());
    assertThat(schema("deployment.schema.json").validate(json)).isEmpty();
    assertThat(json.toString()).contains("prod");
    assertThat(run.err()).contains("SUCCEEDED");

    Cli.Result bad =
        as(
            "Carol",
            "deploy",
            "run",
            id,
            "--env",
            "prod",
            "--plan",
            "deploy/prod.yml",
            "--format",
            "xml");
    assertThat(bad.exitCode()).isEqualTo(7);
    assertThat(bad.err()).contains("unknown format 'xml'");
  }

  @Test
  void moreApprovalsThanRequiredAreNotCountedAsNOfFewer() throws Exception {
    String id = change("fast");
    assertThat(as("Bob", "approve", id).out()).contains("1 of 1 approval(s)");
    assertThat(as("Dave", "approve", id).out()).contains(": 2 approval(s), 1 required, status");
  }

  @Test
  void aBadFormatIsRefusedBeforeAnythingIsRecorded() throws Exception {
    String id = change("fast");
    Cli.Result bad = as("Bob", "approve", id, "--format", "yaml");
    assertThat(bad.exitCode()).isEqualTo(7);
    assertThat(bad.err()).contains("unknown format 'yaml'");
    JsonNode shown = JSON.readTree(as("Bob", "change", "show", id, "--format", "json").out());
    assertThat(shown.get("decisions")).isEmpty();
  }

  @Test
  void verifyAndClosePrintWhatTheyRecorded() throws Exception {
    String id = change("fast");
    assertThat(as("Bob", "approve", id).exitCode()).isZero();
    Cli.Result deployed =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(deployed.exitCode()).as(deployed.out() + deployed.err()).isZero();

    Cli.Result verified = as("Dave", "verify", id, "--format", "json");
    JsonNode json = JSON.readTree(verified.out()); // progress went to standard error
    assertThat(verified.err()).contains("unit tests");
    assertThat(schema("verification.schema.json").validate(json)).isEmpty();
    assertThat(schema().validate(json.get("record"))).isEmpty();
    assertThat(json.get("checks").findValuesAsText("name")).contains("unit tests");
    // the change's one-line message documents nothing: the documentation checks fail, and the
    // exit code says what the JSON says
    assertThat(json.get("result").asText()).isEqualTo("FAILED");
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(json.get("checks"))
        .anyMatch(c -> !c.get("executed").asBoolean() && !c.get("passed").asBoolean())
        .anyMatch(c -> c.get("executed").asBoolean() && c.get("passed").asBoolean());

    Cli.Result closed = as("Bob", "change", "close", id, "--format", "json");
    assertThat(closed.exitCode()).isEqualTo(14); // only a VERIFIED change can be closed
    assertThat(closed.out()).isEmpty();
    assertThat(closed.err()).contains("only a VERIFIED change can be closed");
  }
}
