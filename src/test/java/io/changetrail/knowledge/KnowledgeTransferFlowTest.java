package io.changetrail.knowledge;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kt} and {@code why} end to end, on a real repository and a real SQLite ledger. */
class KnowledgeTransferFlowTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final String LIMITS = "risk-engine/src/main/java/acme/Limits.java";
  private static final String PER_VENUE =
      "FEATURE: per-venue notional limits\n\n"
          + "## Context and Rationale\nOne global limit let a thin venue take the whole book.\n\n"
          + "Second paragraph, not in why.\n\n"
          + "## Changes Made\n### risk-engine\n- a limit per venue\n\n"
          + "## Testing and Verification\n- ✅ LimitsTest\n\n"
          + "## Key Decisions\nDecision: a map keyed by venue MIC\n"
          + "Rationale: venues differ by an order of magnitude\n"
          + "Alternatives: one global limit scaled by venue volume\n";
  private static final String FAST_PATH =
      "ENHANCEMENT: fast path for small orders\n\n"
          + "## Context and Rationale\nSmall orders waited for the full check.\n\n"
          + "## Changes Made\n### risk-engine\n- skip the check under 1000 notional\n\n"
          + "## Testing and Verification\n- ✅ LimitsTest\n";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;
  private TestRepo repo;
  private String ledger;

  @BeforeEach
  void setUp() {
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    repo.lines(LIMITS, 6)
        .commit("BUGFIX: notional limits\n\nOrders had no notional limit at all.\n");
    ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
  }

  /** Checks a document against its JSON Schema in docs/. */
  private static void assertMatchesSchema(JsonNode json, String file) throws Exception {
    JsonNode schema = MAPPER.readTree(Files.readString(Path.of("docs", file)));
    assertThat(
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schema)
                .validate(json))
        .isEmpty();
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

  private String register(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "change";
    all[1] = "new";
    System.arraycopy(args, 0, all, 2, args.length);
    Cli.Result created = as("Alice", all);
    assertThat(created.exitCode()).as(created.err()).isZero();
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).isTrue();
    return m.group();
  }

  @Test
  void ktRendersEveryPartAndSaysWhatIsMissing() throws Exception {
    repo.branch("feature")
        .file(LIMITS, "alpha 1\nalpha 2\nline 3\nline 4\nline 5\nline 6\n")
        .commit(PER_VENUE + "\n## Rollback Procedure\n1. Redeploy the previous release.\n");
    String id = register();
    repo.file(
        "changes/" + id + ".md",
        "FEATURE: per-venue notional limits\n\n"
            + "## Business Driver\nThe regulator asked for venue-level controls.\n\n"
            + "## Key Decisions\n### Limits live in limits.yml\n"
            + "Rationale: risk can change them without a release\n"
            + "Alternatives: a database table\n\n"
            + "## Critical Knowledge\nA venue missing from limits.yml has limit 0."
            + " <script>alert('x')</script>\n\n"
            + "## Future Considerations\nPer-instrument limits.\n");

    Cli.Result kt = as("Bob", "kt", id, "--format", "markdown");
    assertThat(kt.exitCode()).as(kt.err()).isZero();
    assertThat(kt.out())
        .contains("# Knowledge Transfer: Change Implementation", "**Change**: " + id)
        .contains("**Implementation Date**: ", "**Implementer**: ")
        .contains("## What Was Changed", "### risk-engine", "- a limit per venue", "### Commits")
        .contains("FEATURE: per-venue notional limits (Alice Author")
        .contains("One global limit let a thin venue", "The regulator asked")
        .contains("### 1. Limits live in limits.yml", "**Rationale**: risk can change them")
        .contains("**Decision**: ", "**Alternatives Considered**: a database table")
        .contains("### 2. a map keyed by venue MIC", "**Alternatives Considered**: one global")
        .contains("## Critical Knowledge for Future Developers", "has limit 0")
        .contains("## Future Considerations", "Per-instrument limits.")
        .contains("## Rollback Procedure", "Redeploy the previous release")
        .contains("## What is missing", "- No lessons learned were recorded.")
        .doesNotContain("No key decisions were recorded", "No critical knowledge");
    assertThat(kt.out().indexOf("Limits live in limits.yml"))
        .as("changes/<id>.md is read before the commit messages")
        .isLessThan(kt.out().indexOf("a map keyed by venue MIC"));

    Cli.Result html = as("Bob", "kt", id, "--format", "html");
    assertThat(html.out())
        .startsWith("<!DOCTYPE html>")
        .contains("&lt;script&gt;")
        .doesNotContain("<script>");

    JsonNode json = new ObjectMapper().readTree(as("Bob", "kt", id, "--format", "json").out());
    assertThat(json.get("schema").asText()).isEqualTo("changetrail.kt/v1");
    assertMatchesSchema(json, "kt.schema.json");
    assertThat(json.at("/change/id").asText()).isEqualTo(id);
    assertThat(json.at("/change/people/implementer/0").asText())
        .isEqualTo("Alice <alice@example.com>");
    assertThat(json.at("/keyDecisions/1/decision").asText()).isEqualTo("a map keyed by venue MIC");
    assertThat(json.at("/keyDecisions/1/rationale").asText()).startsWith("venues differ");
    assertThat(json.at("/whatChanged/commits").size()).isEqualTo(1);
    assertThat(json.get("missing").findValuesAsText("section")).containsExactly("lessons-learned");
  }

  @Test
  void whyListsTheChangesThatShapedAFileNewestFirst() throws Exception {
    repo.branch("f1")
        .file(LIMITS, "alpha 1\nalpha 2\nline 3\nline 4\nline 5\nline 6\n")
        .commit(PER_VENUE);
    String first = register("--range", "main..f1");
    repo.branch("f2")
        .file(LIMITS, "alpha 1\nalpha 2\nline 3\nline 4\nbeta 5\nline 6\n")
        .commit(FAST_PATH);
    String second = register("--range", "f1..f2");
    // a later commit that names the first change only through its trailer
    repo.file(LIMITS, "alpha 1\nalpha 2\nline 3\nline 4\nbeta 5\ngamma 6\n")
        .commit(
            "BUGFIX: venue limit for XLON\n\n## Context and Rationale\nXLON was missing.\n\n"
                + "Change-Id: "
                + first.toLowerCase()
                + "\n");

    // a whitespace-only reformat does not take the lines from the commit that wrote them
    repo.file(LIMITS, "alpha 1\nalpha 2\n    line 3\nline 4\nbeta 5\ngamma 6\n")
        .commit("GENERAL: reformat\n\nIndentation only.\n");

    Cli.Result why = as("Bob", "why", LIMITS, "--format", "markdown");
    assertThat(why.exitCode()).as(why.err()).isZero();
    String out = why.out();
    assertThat(out).contains("3 change(s) or commit(s) shaped the 6 line(s)");
    int second0 = out.indexOf("## " + second);
    int first0 = out.indexOf("## " + first);
    int plain = out.indexOf("## commit ");
    assertThat(second0).isPositive().isLessThan(first0);
    assertThat(first0).isLessThan(plain);
    assertThat(out.substring(second0, first0))
        .contains("- Lines: 5", "Small orders waited for the full check.");
    assertThat(out.substring(first0, plain))
        .contains("- Lines: 1-2, 6", "One global limit let a thin venue take the whole book.")
        .contains("- a map keyed by venue MIC")
        .doesNotContain("Second paragraph");
    assertThat(out.substring(plain))
        .contains("BUGFIX: notional limits", "- Lines: 3-4", "(no registered change)")
        .contains("Orders had no notional limit at all.");

    Cli.Result line = as("Bob", "why", LIMITS + ":6", "--format", "json");
    JsonNode json = new ObjectMapper().readTree(line.out());
    assertThat(json.get("schema").asText()).isEqualTo("changetrail.why/v1");
    assertMatchesSchema(json, "why.schema.json");
    assertMatchesSchema(
        MAPPER.readTree(as("Bob", "why", LIMITS, "--format", "json").out()), "why.schema.json");
    assertThat(json.get("entries")).hasSize(1);
    assertThat(json.at("/entries/0/change").asText()).isEqualTo(first);
    assertThat(json.at("/entries/0/lines/0/from").asInt()).isEqualTo(6);

    assertThat(as("Bob", "why", LIMITS + ":1", "--format", "html").out())
        .startsWith("<!DOCTYPE html>")
        .contains(first);

    Cli.Result range = as("Bob", "why", LIMITS + ":3-5", "--limit", "1");
    assertThat(range.exitCode()).as(range.err()).isZero();
    assertThat(range.out()).contains(second, "lines 5", "1 older change(s)").doesNotContain(first);
  }

  @Test
  void badInputGetsTheDocumentedExitCodeAndOneLine() {
    Cli.Result noChanges = as("Bob", "why", LIMITS);
    assertThat(noChanges.exitCode()).as(noChanges.err()).isZero();
    assertThat(noChanges.out())
        .contains("(no registered change)", "why: Orders had no notional limit at all.");

    Cli.Result unknown = as("Bob", "kt", "CHG-20260101-AAAA");
    assertThat(unknown.exitCode()).isEqualTo(13);
    assertThat(unknown.err()).contains("no change CHG-20260101-AAAA");

    repo.file("notes.txt", "scratch\n");
    Cli.Result untracked = as("Bob", "why", "notes.txt");
    assertThat(untracked.exitCode()).isEqualTo(7);
    assertThat(untracked.err()).startsWith("changetrail: notes.txt is not tracked by git");

    Cli.Result missing = as("Bob", "why", "nowhere/Gone.java");
    assertThat(missing.exitCode()).isEqualTo(7);
    assertThat(missing.err()).contains("no file nowhere/Gone.java");

    Cli.Result beyond = as("Bob", "why", LIMITS + ":7");
    assertThat(beyond.exitCode()).isEqualTo(7);
    assertThat(beyond.err())
        .contains("line 7 is beyond the end of " + LIMITS + " (6 lines)")
        .doesNotContain("Exception");

    repo.bytes("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1}).commit("logo");
    Cli.Result binary = as("Bob", "why", "logo.png");
    assertThat(binary.exitCode()).isEqualTo(7);
    assertThat(binary.err()).contains("logo.png is a binary file");

    Cli.Result zero = as("Bob", "why", LIMITS + ":0");
    assertThat(zero.exitCode()).isEqualTo(7);
  }
}
