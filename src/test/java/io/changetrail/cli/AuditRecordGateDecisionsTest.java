package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit record lists the deployment gate's answers about the change (who asked, forge, run,
 * environment, commit, answer, reason) with the ledger entry that proves each, in Markdown (also
 * the text format) and JSON, which docs/audit-record.schema.json describes.
 */
class AuditRecordGateDecisionsTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void everyGateAnswerIsInTheAuditRecordWithTheEntryThatProvesIt() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir.resolve("repo"));
    repo.file("changetrail.yml", "approvals:\n  require_documentation: false\n")
        .commit("CONFIGURATION: approvals");
    String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
    repo.branch("fast")
        .file("order-router/src/main/java/acme/Fast.java", "class Fast {}\n")
        .commit("ENHANCEMENT: fast path");
    Matcher id = ID.matcher(as(repo, ledger, "Alice", "change", "new").out());
    assertThat(id.find()).isTrue();
    String change = id.group();
    String tip = repo.head();

    Cli.Result early =
        as(repo, ledger, "Carol", "deploy", "gate", "--env", "prod", "--run", "job 1");
    assertThat(early.exitCode()).as(early.err()).isEqualTo(14);
    assertThat(as(repo, ledger, "Bob", "approve", change).exitCode()).isZero();
    Cli.Result approved =
        as(repo, ledger, "Carol", "deploy", "gate", "--env", "prod", "--run", "job 2");
    assertThat(approved.exitCode()).as(approved.err()).isZero();

    Cli.Result record = as(repo, ledger, "Dave", "audit", "record", change);
    assertThat(record.exitCode()).as(record.err()).isZero();
    JsonNode json =
        JSON.readTree(
            as(repo, ledger, "Dave", "audit", "record", change, "--format", "json").out());
    JsonNode answers = json.get("gateDecisions");
    assertThat(answers).hasSize(2);
    long rejectedAt = answers.get(0).get("ledgerIndex").asLong();
    long approvedAt = answers.get(1).get("ledgerIndex").asLong();
    assertThat(answers.get(0).get("decision").asText()).isEqualTo("rejected");
    assertThat(answers.get(0).get("run").asText()).isEqualTo("job 1");
    assertThat(answers.get(0).get("forge").asText()).isEqualTo("cli");
    assertThat(answers.get(0).get("askedBy").asText()).contains("carol@example.com");
    assertThat(answers.get(0).get("commit").asText()).isEqualTo(tip);
    assertThat(answers.get(0).get("reason").asText()).contains("not approved for prod");
    assertThat(answers.get(1).get("decision").asText()).isEqualTo("approved");
    assertThat(answers.get(1).get("reason").asText())
        .as("the gate did not check documentation: it must not say documented")
        .contains("documentation not checked (approvals.require_documentation: false)")
        .doesNotContain(", documented,");
    assertThat(answers.get(1).get("callback").isNull()).isTrue();
    assertThat(
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(
                    JSON.readTree(Files.readString(Path.of("docs", "audit-record.schema.json"))))
                .validate(json))
        .isEmpty();

    assertThat(record.out())
        .contains("## Deployment gate answers")
        .contains(
            "- rejected for prod, commit "
                + tip.substring(0, 10)
                + ", asked through cli (job 1) by Carol")
        .contains("[entry " + rejectedAt + "]")
        .contains("- approved for prod, commit " + tip.substring(0, 10))
        .contains("[entry " + approvedAt + "]");

    try (io.changetrail.ledger.LedgerStore store =
        io.changetrail.ledger.LedgerStore.openForRead(ledger)) {
      for (long index : new long[] {rejectedAt, approvedAt}) {
        String entry =
            store.read(
                reader ->
                    new String(
                        reader.entry(index).orElseThrow(),
                        java.nio.charset.StandardCharsets.UTF_8));
        assertThat(entry).contains("\"kind\":\"deployment.gate-decided\"").contains(change);
      }
    }
  }

  private static Cli.Result as(TestRepo repo, String ledger, String who, String... args) {
    repo.git("config", "user.name", who);
    repo.git("config", "user.email", who.toLowerCase() + "@example.com");
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }
}
