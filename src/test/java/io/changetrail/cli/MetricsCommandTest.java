package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

/**
 * {@code changetrail metrics} on a real repository and a real SQLite ledger: one change deployed,
 * one that failed and was rolled back.
 */
class MetricsCommandTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TestRepo repo;
  private String ledger;

  @BeforeEach
  void setUp() {
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    repo.file(
            "deploy/prod.yml",
            "steps:\n  - {name: deploy, run: 'true'}\nrollback:\n  - {name: previous, run: 'true'}\n")
        .file(
            "deploy/broken.yml",
            "steps:\n  - {name: deploy, run: 'exit 3'}\nrollback:\n  - {name: previous, run: 'true'}\n")
        // the changes here are undocumented: metrics are about deployments, not documentation
        .file("changetrail.yml", "approvals:\n  require_documentation: false\n")
        .commit("CONFIGURATION: runbooks");
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

  /** A change on its own branch, registered, approved and deployed with {@code plan}. */
  private String deployChange(String branch, String file, String plan) {
    repo.checkout("main")
        .branch(branch)
        .file(file, "class " + branch + " {}\n")
        .commit("ENHANCEMENT: " + branch);
    Cli.Result created = as("Alice", "change", "new");
    Matcher id = ID.matcher(created.out());
    assertThat(id.find()).as(created.err()).isTrue();
    assertThat(as("Bob", "approve", id.group()).exitCode()).isZero();
    as("Carol", "deploy", "run", id.group(), "--env", "prod", "--plan", plan);
    return id.group();
  }

  private void twoDeployments() {
    deployChange("router", "order-router/src/main/java/acme/Fast.java", "deploy/prod.yml");
    String broken =
        deployChange("risk", "risk-engine/src/main/java/acme/Limit.java", "deploy/broken.yml");
    Cli.Result rollback = as("Carol", "deploy", "rollback", broken);
    assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
  }

  @Test
  void jsonReportsTheFourMetricsFromTheLedgerAndMatchesItsSchema() throws Exception {
    twoDeployments();

    Cli.Result result = as("Dave", "metrics", "--since", "30d", "--format", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = JSON.readTree(result.out());
    JsonNode schema = JSON.readTree(Files.readString(Path.of("docs", "metrics.schema.json")));
    assertThat(
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schema)
                .validate(json))
        .isEmpty();
    assertThat(json.get("environment").asText()).isEqualTo("prod");
    assertThat(json.get("granularity").asText()).isEqualTo("day");
    assertThat(json.at("/overall/deploymentFrequency/deployments").asInt()).isEqualTo(1);
    assertThat(json.at("/overall/changeFailureRate/deployments").asInt()).isEqualTo(2);
    assertThat(json.at("/overall/changeFailureRate/rolledBack").asInt()).isEqualTo(1);
    assertThat(json.at("/overall/changeFailureRate/rate").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/overall/timeToRestore/restored").asInt()).isEqualTo(1);
    assertThat(json.at("/overall/leadTime/changes").asInt()).isEqualTo(1);
    assertThat(json.at("/overall/leadTime/fromCommit").asInt())
        .as("the commit's author time comes from git")
        .isEqualTo(1);
    assertThat(json.get("systems").findValuesAsText("name"))
        .containsExactly("order-router", "risk-engine");
    assertThat(json.get("deployments").findValuesAsText("outcome"))
        .containsExactly("SUCCEEDED", "ROLLED_BACK");
  }

  @Test
  void textAndSvgShowTheSameFiguresAndASystemCanBeChosen() throws Exception {
    twoDeployments();

    Cli.Result text = as("Dave", "metrics");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("Delivery metrics for prod, all systems")
        .contains("order-router", "risk-engine", "50.0%", "1/2")
        .contains("week of:");

    Cli.Result router = as("Dave", "metrics", "--system", "order-router", "--bucket", "day");
    assertThat(router.out())
        .contains("system order-router")
        .contains("0.0%")
        .doesNotContain("risk-engine");

    Cli.Result svg = as("Dave", "metrics", "--format", "svg", "--since", "7d");
    assertThat(svg.exitCode()).as(svg.err()).isZero();
    assertThat(svg.out()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    assertThat(
            factory
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg.out())))
                .getDocumentElement()
                .getTextContent())
        .contains("Deployment frequency", "Lead time for changes", "50.0%");
  }

  @Test
  void anEmptyLedgerGivesNaNotAnErrorAndNamesTheEnvironmentsThatHaveDeployments() throws Exception {
    Cli.Result empty = as("Dave", "metrics");
    assertThat(empty.exitCode()).as(empty.err()).isZero();
    assertThat(empty.out()).contains("n/a").contains("no deployment to prod is recorded");

    twoDeployments();
    Cli.Result staging = as("Dave", "metrics", "--env", "staging", "--format", "json");
    JsonNode json = JSON.readTree(staging.out());
    assertThat(json.at("/overall/changeFailureRate/rate").isNull()).isTrue();
    assertThat(json.get("notes").toString()).contains("deployments are recorded to: prod");
  }

  @Test
  void badPeriodsAreInvalidInput() {
    Cli.Result word = as("Dave", "metrics", "--since", "last tuesday");
    assertThat(word.exitCode()).isEqualTo(7);
    assertThat(word.err()).contains("since 'last tuesday' is neither a date nor an age", "30d");

    Cli.Result backwards = as("Dave", "metrics", "--since", "2026-03-01", "--until", "2026-01-01");
    assertThat(backwards.exitCode()).isEqualTo(7);
    assertThat(backwards.err()).contains("the period is empty");

    Cli.Result bucket = as("Dave", "metrics", "--bucket", "month");
    assertThat(bucket.exitCode()).isEqualTo(7);
    assertThat(bucket.err()).contains("bucket 'month' is not day, week or auto");
  }
}
