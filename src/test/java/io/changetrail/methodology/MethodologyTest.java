package io.changetrail.methodology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.changetrail.cli.Main;
import io.changetrail.domain.assess.ChangeClassifier;
import io.changetrail.domain.assess.ChangeScope;
import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.Classification;
import io.changetrail.domain.assess.DocumentationPlan;
import io.changetrail.domain.assess.DocumentationRequirement;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import io.changetrail.testing.TestRepo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The methodology ChangeTrail implements, fed its own examples: one nested class per function and
 * example of methodology.md (a verbatim copy is in src/test/resources/methodology, since CI runs on
 * a clean clone), checking what ChangeTrail prints field by field.
 */
class MethodologyTest {
  static final String TEXT = resource("methodology/methodology.md");

  static String resource(String name) {
    try (InputStream in = MethodologyTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The three example commits of section 2.2, extracted as the project's before-stop probe does.
   */
  static List<String> exampleCommits() {
    List<String> heredocs = new ArrayList<>();
    Matcher h = Pattern.compile("cat <<'EOF'\n(.*?)\nEOF\n", Pattern.DOTALL).matcher(TEXT);
    while (h.find()) {
      heredocs.add(h.group(1));
    }
    Matcher v =
        Pattern.compile("git commit -m \"(VERIFICATION:.*?)\"\n", Pattern.DOTALL).matcher(TEXT);
    assertThat(v.find()).isTrue();
    return List.of(heredocs.get(0) + "\n", v.group(1) + "\n", heredocs.get(1) + "\n");
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Section 2.2: the git workflow's three commits, in a docs-only change. */
  @Nested
  class GitWorkflowIntegration {
    @TempDir Path dir;

    TestRepo docsOnlyRepository() {
      TestRepo repo = TestRepo.init(dir);
      repo.file("README.md", "x\n").commit("GENERAL: initial import");
      return repo;
    }

    void stageDocsChange(TestRepo repo, int i) {
      repo.file("Documentation/Development/PRODUCTION_CHANGE_MANAGEMENT.md", "v" + i + "\n")
          .stage();
    }

    @Test
    void theThreeExampleCommitsPassLint() throws Exception {
      TestRepo repo = docsOnlyRepository();
      List<String> messages = exampleCommits();
      assertThat(messages.get(0)).startsWith("FEATURE: Implement comprehensive change management");
      assertThat(messages.get(1))
          .startsWith("VERIFICATION: Validate change management integration");
      assertThat(messages.get(2)).startsWith("PRODUCTION: Complete change management methodology");
      for (int i = 0; i < 3; i++) {
        stageDocsChange(repo, i);
        Files.writeString(dir.resolve("m.txt"), messages.get(i));
        repo.git("commit", "-q", "-F", "m.txt");
        Run lint = run("-C", dir.toString(), "lint", "--commit", "HEAD");
        assertThat(lint.code()).as(lint.out() + lint.err()).isZero();
        assertThat(lint.out()).as(messages.get(i)).doesNotContain(" error ", " warning ");
      }
    }

    @Test
    void theThreeExampleCommitsPassTheInstalledCommitMsgHook() throws Exception {
      TestRepo repo = docsOnlyRepository();
      assertThat(run("-C", dir.toString(), "hooks", "install").code()).isZero();
      List<String> messages = exampleCommits();
      for (int i = 0; i < 3; i++) {
        stageDocsChange(repo, i);
        Files.writeString(dir.resolve("m.txt"), messages.get(i));
        TestRepo.Attempt commit = repo.attempt(Map.of(), "commit", "-q", "-F", "m.txt");
        assertThat(commit.code()).as(commit.output()).isZero();
      }
      assertThat(repo.git("log", "--format=%s"))
          .contains("FEATURE: Implement", "VERIFICATION: Validate", "PRODUCTION: Complete");
    }
  }

  /** A team's own words, beside the methodology's (changetrail.yml aliases). */
  @Nested
  class TeamAliases {
    @TempDir Path dir;

    @Test
    void aTeamsTypeAndSectionAliasesAreReadAndBadOnesAreNamedWithTheirPlace() throws Exception {
      TestRepo repo = TestRepo.init(dir);
      repo.file(
              "changetrail.yml",
              "aliases:\n  types:\n    STORY: FEATURE\n  sections:\n    Why: Context and Rationale\n"
                  + "    Results: Testing and Verification\n")
          .commit("GENERAL: initial import");
      Files.writeString(
          dir.resolve("m.txt"),
          "STORY: quote throttling per venue\n\n## Why\nVenues cut us off.\n\n## Changes Made\n"
              + "- throttle\n\n### Integration Points\n- the venue gateway\n\n## Impact Assessment\n"
              + "- Risk Level: LOW\n- Performance: one counter per quote\n\n## Results\n- ✅ ThrottleTest\n\n"
              + "## Business Driver\nKeep venue access.\n");
      Run lint = run("-C", dir.toString(), "lint", "--file", "m.txt", "--header-plan");
      assertThat(lint.code()).as(lint.out() + lint.err()).isZero();
      assertThat(lint.out()).doesNotContain("section.unknown", "header.type");

      repo.file("changetrail.yml", "aliases:\n  types:\n    STORY: EPIC\n");
      Run bad = run("-C", dir.toString(), "lint", "--file", "m.txt");
      assertThat(bad.code()).isNotZero();
      assertThat(bad.err()).contains("changetrail.yml:3:12", "'EPIC' is not a change type");
      repo.file("changetrail.yml", "aliases:\n  sections:\n    Why: Reasons\n");
      assertThat(run("-C", dir.toString(), "lint", "--file", "m.txt").err())
          .contains("changetrail.yml:3:10", "'Reasons' is not a section of the methodology");
    }
  }

  /** Section 1.1, classify_change_type: every keyword of the table, and its inflections. */
  @Nested
  class ClassifyChangeType {
    final ChangeClassifier classifier = new ChangeClassifier();
    final List<FileChange> code =
        List.of(FileChange.of("router/src/main/java/Router.java", FileStatus.MODIFIED, 3, 1));

    ChangeType type(String description) {
      return classifier.classify(description, code).type();
    }

    @Test
    void everyKeywordOfTheMethodologysTableClassifiesAsItsType() {
      Matcher table =
          Pattern.compile("'([A-Z]+)': \\[([^\\]]*)\\]")
              .matcher(TEXT.substring(TEXT.indexOf("change_keywords = {")));
      int keywords = 0;
      while (table.find() && keywords < 40) {
        ChangeType expected = ChangeType.valueOf(table.group(1));
        Matcher words = Pattern.compile("'([a-z ]+)'").matcher(table.group(2));
        while (words.find()) {
          keywords++;
          String keyword = words.group(1);
          Classification c =
              classifier.classify("router: " + keyword + " for the order book", code);
          assertThat(c.type()).as(keyword).isEqualTo(expected);
          assertThat(c.evidence()).as(keyword).noneMatch(e -> e.contains("no keyword"));
        }
      }
      assertThat(keywords).isEqualTo(28);
    }

    @Test
    void inflectionsCount() {
      assertThat(type("implementation of iceberg orders")).isEqualTo(ChangeType.FEATURE);
      assertThat(type("latency improvements in the router")).isEqualTo(ChangeType.ENHANCEMENT);
      assertThat(type("quote enhancement for the book")).isEqualTo(ChangeType.ENHANCEMENT);
      assertThat(type("fixes for the halted book check")).isEqualTo(ChangeType.BUGFIX);
      assertThat(type("removed the legacy order book")).isEqualTo(ChangeType.CLEANUP);
      assertThat(type("deployment of the quote server")).isEqualTo(ChangeType.INTEGRATION);
      assertThat(classifier.classify("consolidation of the order books", code).type())
          .as(classifier.classify("consolidation of the order books", code).evidence().toString())
          .isEqualTo(ChangeType.CLEANUP);
    }

    @Test
    void improvementsStay_wholeWordsRiskierTypeWinsHeaderTypes() {
      assertThat(type("prefix the book codes")).isEqualTo(ChangeType.GENERAL);
      assertThat(type("fix the authentication bypass")).isEqualTo(ChangeType.SECURITY);
      assertThat(type("VERIFICATION: Validate change management integration"))
          .isEqualTo(ChangeType.VERIFICATION);
      assertThat(classifier.classify("prefix the book codes", code).evidence())
          .anyMatch(e -> e.startsWith("no keyword of the methodology's table"));
    }
  }

  /** Section 1.2, plan_documentation_requirements: the 15 items by their names. */
  @Nested
  class PlanDocumentationRequirements {
    List<String> items(ChangeType type, Level risk, Level rollback) {
      return DocumentationPlan.plan(type, risk, rollback).requirements().stream()
          .map(DocumentationRequirement::item)
          .toList();
    }

    @Test
    void theFifteenItemsAreNamedAsTheMethodologyNamesThem() {
      int at = TEXT.indexOf("def plan_documentation_requirements");
      String function = TEXT.substring(at, TEXT.indexOf("return documentation_requirements", at));
      Matcher quoted = Pattern.compile("'([A-Z][a-z][^']+)'").matcher(function);
      List<String> named = new ArrayList<>();
      while (quoted.find()) {
        named.add(quoted.group(1));
      }
      assertThat(named).containsExactlyElementsOf(DocumentationPlan.METHODOLOGY_ITEMS);
      assertThat(named).hasSize(15);
      List<String> all = new ArrayList<>();
      for (ChangeType type :
          List.of(ChangeType.FEATURE, ChangeType.CLEANUP, ChangeType.INTEGRATION)) {
        all.addAll(items(type, Level.HIGH, Level.LOW));
      }
      assertThat(all).containsAll(named);
    }

    @Test
    void itemsByTypeAndRisk() {
      assertThat(items(ChangeType.GENERAL, Level.LOW, Level.LOW))
          .contains(
              "Comprehensive commit message with rationale",
              "Change impact summary",
              "Testing verification results")
          .doesNotContain("Rollback procedure documentation");
      assertThat(items(ChangeType.FEATURE, Level.LOW, Level.LOW))
          .contains(
              "Feature specification documentation",
              "Integration points documentation",
              "Performance impact assessment");
      assertThat(items(ChangeType.INTEGRATION, Level.LOW, Level.LOW))
          .contains("Rollback procedure documentation");
      assertThat(items(ChangeType.GENERAL, Level.LOW, Level.MEDIUM))
          .contains("Rollback procedure documentation");
      assertThat(items(ChangeType.GENERAL, Level.HIGH, Level.LOW))
          .contains(
              "Detailed testing plan and results",
              "Rollback verification procedure",
              "Production validation checklist");
    }

    @Test
    void aDocumentationOnlyChangeHasNoPerformanceImpactAndThePlanSaysWhy() {
      DocumentationPlan plan =
          DocumentationPlan.plan(
              ChangeType.FEATURE,
              Level.LOW,
              Level.LOW,
              new DocumentationPlan.Facts(
                  java.util.Optional.of(ChangeScope.DOCUMENTATION_ONLY), false, 1));
      assertThat(plan.item("Performance impact assessment").orElseThrow().notApplicable())
          .contains("documentation-only change: no code that runs in production changed");
    }
  }

  /** Section 4.2, create_audit_trail_record: the methodology's structure, from the ledger. */
  @Nested
  class CreateAuditTrailRecord {
    @TempDir Path dir;

    Run as(TestRepo repo, String ledger, String who, String... args) {
      repo.git("config", "user.name", who);
      repo.git("config", "user.email", who.toLowerCase() + "@example.com");
      String[] all = java.util.Arrays.copyOf(args, args.length + 2);
      all[args.length] = "--ledger";
      all[args.length + 1] = ledger;
      return run(prepend("-C", repo.root().toString(), all));
    }

    String[] prepend(String a, String b, String[] rest) {
      String[] all = new String[rest.length + 2];
      all[0] = a;
      all[1] = b;
      System.arraycopy(rest, 0, all, 2, rest.length);
      return all;
    }

    @Test
    void theRecordHasTheMethodologysFieldsComputedFromTheLedger() throws Exception {
      System.setProperty("changetrail.home", dir.resolve("home").toString());
      try {
        TestRepo repo = TestRepo.tradingSystem(dir.resolve("repo"));
        repo.file(
                "changetrail.yml",
                "audit:\n  compliance_framework: MiFID II RTS 6\n"
                    + "verification:\n  checks:\n    - {name: unit tests, kind: test, run: 'true'}\n")
            .file(
                "deploy/prod.yml",
                "name: router release\nenvironment: prod\npre_checks:\n  - {name: venues up, run: 'true'}\n"
                    + "steps:\n  - {name: deploy router, run: 'true'}\n"
                    + "post_checks:\n  - {name: smoke, run: 'true'}\n"
                    + "rollback:\n  - {name: previous release, run: 'true'}\n")
            .commit("CONFIGURATION: lifecycle settings");
        repo.branch("feature")
            .as("Alice Author", "alice@example.com")
            .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
            .commit(
                "ENHANCEMENT: cache venue status in the router\n\n"
                    + "## Context and Rationale\nLookups cost 40 us per order.\n\n"
                    + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
                    + "## Impact Assessment\n- Risk Level: MEDIUM\n\n"
                    + "## Testing and Verification\n- ✅ RouterTest\n\n"
                    + "## Rollback Procedure\n1. Redeploy the previous release.\n\n"
                    + "## Business Driver\nThe desk loses fills to slower routing.\n");
        String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
        Run created = as(repo, ledger, "Alice", "change", "new");
        assertThat(created.code()).as(created.err()).isZero();
        Matcher id = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}").matcher(created.out());
        assertThat(id.find()).isTrue();
        String change = id.group();
        assertThat(as(repo, ledger, "Bob", "approve", change, "--comment", "ok").code()).isZero();
        Run deployed =
            as(
                repo,
                ledger,
                "Carol",
                "deploy",
                "run",
                change,
                "--env",
                "prod",
                "--plan",
                "deploy/prod.yml");
        assertThat(deployed.code()).as(deployed.err()).isZero();
        as(repo, ledger, "Carol", "verify", change);

        // Section 3.1, document_deployment_process: issues with severity and resolution time.
        String deployment =
            new ObjectMapper()
                .readTree(
                    as(repo, ledger, "Carol", "deploy", "show", change, "--format", "json").out())
                .get("id")
                .asText();
        Run issue =
            as(
                repo,
                ledger,
                "Carol",
                "deploy",
                "issue",
                change,
                "--deployment",
                deployment,
                "--description",
                "gateway slow to start",
                "--resolution",
                "raised the timeout",
                "--severity",
                "medium",
                "--resolution-time",
                "15m");
        assertThat(issue.code()).as(issue.err()).isZero();
        Run badSeverity =
            as(
                repo,
                ledger,
                "Carol",
                "deploy",
                "issue",
                change,
                "--deployment",
                deployment,
                "--description",
                "x",
                "--severity",
                "SEVERE");
        assertThat(badSeverity.code()).isEqualTo(7);
        assertThat(badSeverity.err()).contains("'SEVERE' is not a severity");
        Run document = as(repo, ledger, "Carol", "deploy", "show", change, "--format", "markdown");
        assertThat(document.out())
            .as(document.err())
            .contains(
                "### Issue: gateway slow to start",
                "- **Severity**: MEDIUM",
                "- **Resolution**: raised the timeout",
                "- **Resolution Time**: 15m",
                "## Performance Impact",
                "- **Deployment Time**: ",
                "- **Compilation Time**: N/A",
                "- **Memory Usage**: N/A")
            .doesNotContain("SEVERE");

        Run record = as(repo, ledger, "Dave", "audit", "record", change, "--format", "methodology");
        assertThat(record.code()).as(record.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(record.out());
        JsonNode schema =
            new ObjectMapper()
                .readTree(Files.readString(Path.of("docs/audit-record-methodology.schema.json")));
        assertThat(
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schema)
                    .validate(json))
            .isEmpty();
        assertThat(json.get("audit_id").asText()).matches("AUDIT_" + change + "_\\d{8}_\\d{6}");
        assertThat(json.at("/change_details/change_id").asText()).isEqualTo(change);
        assertThat(json.at("/change_details/change_type").asText()).isEqualTo("ENHANCEMENT");
        assertThat(json.at("/change_details/description").asText()).contains("cache venue status");
        assertThat(json.at("/change_details/approver").asText()).contains("Bob");
        assertThat(json.at("/impact_assessment/business_impact").asText())
            .isEqualTo("The desk loses fills to slower routing.");
        assertThat(json.at("/impact_assessment/affected_systems").toString())
            .contains("order-router");
        assertThat(
                json.at("/verification_records/pre_change_verification").findValuesAsText("name"))
            .containsExactly("venues up");
        assertThat(
                json.at("/verification_records/post_change_verification").findValuesAsText("name"))
            .containsExactly("smoke", "changetrail verify");
        assertThat(json.at("/verification_records/rollback_tested").asBoolean()).isFalse();
        assertThat(json.at("/compliance_checklist/approval_obtained").asBoolean()).isTrue();
        assertThat(json.at("/compliance_checklist").has("documentation_complete")).isTrue();
        assertThat(json.at("/audit_metadata/audit_version").asText()).isEqualTo("1.0");
        assertThat(json.at("/audit_metadata/compliance_framework").asText())
            .isEqualTo("MiFID II RTS 6");

        Run changelog = as(repo, ledger, "Dave", "changelog", "--commit", repo.sha("feature"));
        assertThat(changelog.out())
            .as(changelog.err())
            .contains(
                "## Deployment Information",
                "- **Environment**: prod",
                "- **Deployment Method**: runbook",
                "- **Verification**: PASSED");

        Run rich = as(repo, ledger, "Dave", "audit", "record", change);
        assertThat(rich.out())
            .contains("## Documentation plan", "Comprehensive commit message with rationale");
      } finally {
        System.clearProperty("changetrail.home");
      }
    }
  }

  /** Section 2.1, create_comprehensive_changelog, fed the example commits of section 2.2. */
  @Nested
  class CreateComprehensiveChangelog {
    @TempDir Path dir;

    @Test
    void theExamplesChangelogsCarryTheMethodologysFields() throws Exception {
      TestRepo repo = TestRepo.init(dir);
      repo.file("README.md", "x\n").commit("GENERAL: initial import");
      List<String> messages = exampleCommits();
      List<String> changelogs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        repo.file("Documentation/Development/PRODUCTION_CHANGE_MANAGEMENT.md", "v" + i + "\n");
        Files.writeString(dir.resolve("m.txt"), messages.get(i));
        repo.stage();
        repo.git("commit", "-q", "-F", "m.txt");
        Run changelog = run("-C", dir.toString(), "changelog", "--commit", "HEAD");
        assertThat(changelog.code()).as(changelog.err()).isZero();
        changelogs.add(changelog.out());
      }
      String feature = changelogs.get(0);
      assertThat(feature)
          .startsWith("# FEATURE: Implement comprehensive change management methodology")
          .contains(
              "## Impact Assessment\n\n- **Risk Level**: LOW",
              "- **Affected Systems**: ",
              "- **Rollback Complexity**: LOW",
              "- Risk Level: LOW (documentation only)",
              "## Business Driver\n\nPrevent production failures",
              "### Integration Points");
      assertThat(feature.indexOf("**Risk Level**"))
          .isLessThan(feature.indexOf("Risk Level: LOW (doc"));
      String verification = changelogs.get(1);
      assertThat(verification)
          .contains(
              "## Testing and Verification",
              "- ✅ Documentation structure verified",
              "## Deployment Readiness")
          .doesNotContain("No test results");
      String production = changelogs.get(2);
      assertThat(production)
          .contains(
              "## Context and Rationale\n\nImplemented systematic change management",
              "## Changes Made\n\n### Documentation Architecture Enhanced",
              "## Impact and Benefits",
              "**4 of 4 check(s) passed**",
              "## Rollback Procedure",
              "## Related Documentation")
          .doesNotContain("No test results");
    }
  }

  /** Implementation checklist, initial setup: "standard templates for different change types". */
  @Nested
  class TemplatesPerChangeType {
    @TempDir Path dir;

    @Test
    void eachTypeHasItsTemplateNamingItsItemsAndLintHoldsItUntilFilledIn() throws Exception {
      TestRepo.init(dir).file("README.md", "x\n").commit("GENERAL: initial import");
      Run feature = run("-C", dir.toString(), "template", "--type", "FEATURE");
      assertThat(feature.code()).as(feature.err()).isZero();
      assertThat(feature.out())
          .startsWith("FEATURE: TODO")
          .contains(
              "Feature specification documentation",
              "### Integration Points",
              "Integration points documentation",
              "Performance impact assessment");
      Files.writeString(dir.resolve("t.txt"), feature.out());
      Run lint = run("-C", dir.toString(), "lint", "--file", "t.txt", "--header-plan");
      assertThat(lint.code()).isEqualTo(1);
      assertThat(lint.out())
          .contains("header.summary", "doc.integration-points", "doc.feature-specification");

      assertThat(run("-C", dir.toString(), "template", "--type", "VERIFICATION").out())
          .contains("## Testing and Verification", "## Deployment Readiness")
          .doesNotContain("## Context and Rationale");
      assertThat(run("-C", dir.toString(), "template", "--type", "cleanup").out())
          .contains("Removed components inventory", "System verification after cleanup");
      assertThat(
              run("-C", dir.toString(), "template", "--type", "INTEGRATION", "--risk", "HIGH")
                  .out())
          .contains(
              "### Integration Architecture",
              "## Deployment Information",
              "## Rollback Procedure",
              "Production validation checklist",
              "Rollback verification procedure");
      Run bad = run("-C", dir.toString(), "template", "--type", "EPIC");
      assertThat(bad.code()).isEqualTo(7);
      assertThat(bad.err()).contains("'EPIC' is not a change type");
    }
  }

  /** Implementation checklist, initial setup: what a repository misses, with the fixes. */
  @Nested
  class InitialSetup {
    @TempDir Path dir;

    @Test
    void doctorNamesWhatIsMissingWithTheFixAndPassesOnceItIsInPlace() throws Exception {
      System.setProperty("changetrail.home", dir.resolve("home").toString());
      try {
        Path root = Files.createDirectories(dir.resolve("repo"));
        TestRepo repo = TestRepo.init(root);
        repo.file("README.md", "x\n").commit("GENERAL: initial import");
        Run before = run("-C", root.toString(), "doctor");
        assertThat(before.code()).isEqualTo(1);
        assertThat(before.out())
            .contains(
                "❌ configuration",
                "fix: changetrail init",
                "❌ hooks",
                "fix: changetrail hooks install",
                "❌ signing key",
                "fix: changetrail keys generate",
                "❌ checkpoints",
                "fix: changetrail audit checkpoint",
                "❌ users",
                "5 of 5 missing");
        assertThat(root.resolve(".git/changetrail/ledger.db")).doesNotExist();

        repo.file("changetrail.yml", "version: 1\n");
        assertThat(run("-C", root.toString(), "hooks", "install").code()).isZero();
        assertThat(
                run("-C", root.toString(), "keys", "generate", "--name", "example.com/ledger")
                    .code())
            .isZero();
        Run user =
            run(
                "-C",
                root.toString(),
                "users",
                "add",
                "alice",
                "--name",
                "Alice",
                "--email",
                "alice@example.com",
                "--roles",
                "admin");
        assertThat(user.code()).as(user.err()).isZero();
        Run checkpoint = run("-C", root.toString(), "audit", "checkpoint");
        assertThat(checkpoint.code()).as(checkpoint.err()).isZero();

        Run after = run("-C", root.toString(), "doctor");
        assertThat(after.code()).as(after.out()).isZero();
        assertThat(after.out()).contains("everything the methodology's setup needs is in place");
      } finally {
        System.clearProperty("changetrail.home");
      }
    }
  }

  /** Section 4.1, create_knowledge_transfer_document: its headings read and written. */
  @Nested
  class CreateKnowledgeTransferDocument {
    @TempDir Path dir;

    @Test
    void theMethodologysHeadingsAreReadAndWrittenAndADecisionWithoutAlternativesIsFlagged()
        throws Exception {
      TestRepo repo = TestRepo.tradingSystem(dir.resolve("repo"));
      repo.branch("feature")
          .as("Alice Author", "alice@example.com")
          .file("risk-engine/src/main/java/acme/Limits.java", "class Limits { int venue; }\n")
          .commit(
              "ENHANCEMENT: per-venue notional limits\n\n"
                  + "## Why It Was Changed\nOne global limit let a thin venue take the whole book.\n\n"
                  + "## What Was Changed\n### risk-engine\n- a limit per venue\n\n"
                  + "## Impact Assessment\n- Risk Level: MEDIUM\n\n"
                  + "## Testing and Verification\n- ✅ LimitsTest\n\n"
                  + "## Key Decisions Made\n### Limits live in limits.yml\n"
                  + "**Decision**: read the limits from limits.yml\n"
                  + "**Rationale**: risk can change them without a release\n"
                  + "**Alternatives Considered**: a database table\n\n"
                  + "### One map per venue\n**Decision**: a map keyed by venue MIC\n"
                  + "**Rationale**: lookups stay O(1)\n\n"
                  + "## Critical Knowledge for Future Developers\n"
                  + "- **Missing venues**: a venue missing from limits.yml has limit 0\n\n"
                  + "## Lessons Learned\n- Thin venues need their own limits\n\n"
                  + "## Future Considerations\n- Per-instrument limits\n");
      String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
      Run created = run("-C", repo.root().toString(), "change", "new", "--ledger", ledger);
      assertThat(created.code()).as(created.err()).isZero();
      Matcher id = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}").matcher(created.out());
      assertThat(id.find()).isTrue();
      Run kt =
          run(
              "-C",
              repo.root().toString(),
              "kt",
              id.group(),
              "--format",
              "markdown",
              "--ledger",
              ledger);
      assertThat(kt.code()).as(kt.err()).isZero();
      assertThat(kt.out())
          .startsWith("# Knowledge Transfer: Change Implementation")
          .contains(
              "**Change**: " + id.group(),
              "**Implementation Date**: ",
              "**Implementer**: ",
              "## What Was Changed",
              "- a limit per venue",
              "## Why It Was Changed",
              "One global limit let a thin venue",
              "## Key Decisions Made",
              "**Decision**: read the limits from limits.yml",
              "**Rationale**: risk can change them without a release",
              "**Alternatives Considered**: a database table",
              "## Critical Knowledge for Future Developers",
              "- **Missing venues**: a venue missing from limits.yml has limit 0",
              "## Lessons Learned",
              "- Thin venues need their own limits",
              "## Future Considerations",
              "- Per-instrument limits",
              "has no alternatives considered")
          .doesNotContain(
              "No key decisions were recorded",
              "No critical knowledge",
              "No lessons learned",
              "No context or rationale");
    }
  }

  /** Section 3.1, document_deployment_process: a failed deployment records its issue. */
  @Nested
  class DocumentDeploymentProcess {
    @TempDir Path dir;

    @Test
    void aFailedAndRolledBackDeploymentRecordsItsIssuesWithSeverityAndResolutionTime()
        throws Exception {
      System.setProperty("changetrail.home", dir.resolve("home").toString());
      try {
        TestRepo repo = TestRepo.tradingSystem(dir.resolve("repo"));
        repo.file(
                "deploy/broken.yml",
                "steps:\n  - {name: deploy router, run: 'exit 3'}\n  - {name: never, run: 'true'}\n"
                    + "rollback:\n  - {name: previous release, run: 'true'}\n")
            .commit("CONFIGURATION: a runbook");
        repo.branch("feature")
            .as("Alice Author", "alice@example.com")
            .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
            .commit(
                "ENHANCEMENT: cache venue status in the router\n\n"
                    + "## Context and Rationale\nLookups cost 40 us per order.\n\n"
                    + "## Changes Made\n### order-router\n- cache\n\n"
                    + "## Impact Assessment\n- Risk Level: MEDIUM\n\n"
                    + "## Testing and Verification\n- ✅ RouterTest\n\n"
                    + "## Rollback Procedure\n1. Redeploy the previous release, check fills.\n");
        String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
        String root = repo.root().toString();
        Run created = run("-C", root, "change", "new", "--ledger", ledger);
        Matcher id = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}").matcher(created.out());
        assertThat(id.find()).as(created.err()).isTrue();
        String change = id.group();
        repo.git("config", "user.name", "Bob");
        repo.git("config", "user.email", "bob@example.com");
        assertThat(run("-C", root, "approve", change, "--ledger", ledger).code()).isZero();
        repo.git("config", "user.name", "Carol");
        repo.git("config", "user.email", "carol@example.com");
        Run failed =
            run(
                "-C",
                root,
                "deploy",
                "run",
                change,
                "--env",
                "prod",
                "--plan",
                "deploy/broken.yml",
                "--ledger",
                ledger);
        assertThat(failed.code()).isNotZero();
        Run rollback = run("-C", root, "deploy", "rollback", change, "--ledger", ledger);
        assertThat(rollback.code()).as(rollback.err()).isZero();

        Run document =
            run("-C", root, "deploy", "show", change, "--format", "markdown", "--ledger", ledger);
        assertThat(document.out())
            .as(document.err())
            .contains(
                "### Issue: step 1 'deploy router' failed (exit 3); the deployment stopped",
                "- **Severity**: HIGH",
                "- **Resolution**: _unresolved_",
                "- **Resolution**: rolled back",
                "- **Resolution Time**: ");
        JsonNode record =
            new ObjectMapper()
                .readTree(
                    run(
                            "-C",
                            root,
                            "audit",
                            "record",
                            change,
                            "--format",
                            "methodology",
                            "--ledger",
                            ledger)
                        .out());
        assertThat(record.at("/verification_records/rollback_tested").asBoolean()).isTrue();
      } finally {
        System.clearProperty("changetrail.home");
      }
    }
  }

  /** Section 1.1, assess_change_impact: the six fields of impact_assessment, computed. */
  @Nested
  class AssessChangeImpact {
    @TempDir Path dir;

    @Test
    void theAssessmentHasEveryFieldOfImpactAssessment() throws Exception {
      TestRepo repo = TestRepo.tradingSystem(dir);
      repo.file(
              "risk-engine/src/main/resources/db/migration/V2__x.sql", "ALTER TABLE t ADD y INT;\n")
          .commit("INTEGRATION: connect the risk engine to the venue gateway");
      Run assess = run("-C", dir.toString(), "assess", "--commit", "HEAD", "--format", "json");
      assertThat(assess.code()).as(assess.err()).isZero();
      JsonNode a = new ObjectMapper().readTree(assess.out());
      assertThat(a.at("/type/value").asText()).isEqualTo("INTEGRATION");
      assertThat(a.at("/systems/affected").findValuesAsText("name")).contains("risk-engine");
      assertThat(a.at("/risk/level").asText()).isIn("LOW", "MEDIUM", "HIGH");
      assertThat(a.at("/testing")).isNotEmpty();
      assertThat(a.at("/rollback/level").asText()).isIn("LOW", "MEDIUM", "HIGH");
      assertThat(a.at("/documentation").findValuesAsText("item"))
          .contains(
              "Comprehensive commit message with rationale",
              "Change impact summary",
              "Testing verification results",
              "Integration architecture documentation",
              "Deployment procedure documentation",
              "Rollback procedure documentation");
      Run text = run("-C", dir.toString(), "assess", "--commit", "HEAD");
      assertThat(text.out()).contains("Documentation required", "Rollback procedure documentation");
    }
  }

  /** Section 3.2, verify_change_completion: checks recorded, PASSED only on evidence. */
  @Nested
  class VerifyChangeCompletion {
    @TempDir Path dir;

    @Test
    void verificationRunsTheChecksAndTheDocumentationChecksAndSaysPassedOrFailed()
        throws Exception {
      TestRepo repo = TestRepo.tradingSystem(dir.resolve("repo"));
      repo.file(
              "changetrail.yml",
              "verification:\n  checks:\n    - {name: unit tests, kind: test, run: 'true'}\n"
                  + "    - {name: integration tests, kind: integration, run: 'exit 1'}\n")
          .file("deploy/prod.yml", "environment: prod\nsteps:\n  - {name: deploy, run: 'true'}\n")
          .commit("CONFIGURATION: lifecycle settings");
      repo.branch("feature")
          .as("Alice Author", "alice@example.com")
          .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
          .commit(
              "ENHANCEMENT: cache venue status in the router\n\n"
                  + "## Context and Rationale\nLookups cost 40 us per order.\n\n"
                  + "## Changes Made\n### order-router\n- cache\n\n"
                  + "## Impact Assessment\n- Risk Level: MEDIUM\n\n"
                  + "## Testing and Verification\n- ✅ RouterTest\n\n"
                  + "## Rollback Procedure\n1. Redeploy the previous release, check fills.\n");
      String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
      String root = repo.root().toString();
      Matcher id =
          Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}")
              .matcher(run("-C", root, "change", "new", "--ledger", ledger).out());
      assertThat(id.find()).isTrue();
      repo.git("config", "user.name", "Bob");
      repo.git("config", "user.email", "bob@example.com");
      assertThat(run("-C", root, "approve", id.group(), "--ledger", ledger).code()).isZero();
      assertThat(
              run(
                      "-C",
                      root,
                      "deploy",
                      "run",
                      id.group(),
                      "--env",
                      "prod",
                      "--plan",
                      "deploy/prod.yml",
                      "--ledger",
                      ledger)
                  .code())
          .isZero();
      Run verify = run("-C", root, "verify", id.group(), "--ledger", ledger);
      assertThat(verify.code()).isEqualTo(1);
      assertThat(verify.out())
          .contains("unit tests", "integration tests", "change document complete", "FAILED")
          .doesNotContain("VERIFIED");
    }
  }

  /** Anti-patterns: "fixed stuff" is a minimal message, refused by the installed hook. */
  @Nested
  class AntiPatterns {
    @TempDir Path dir;

    @Test
    void theMinimalMessageOfTheAntiPatternIsRefused() throws Exception {
      assertThat(TEXT).contains("git commit -m \"fixed stuff\"");
      TestRepo repo = TestRepo.init(dir);
      repo.file("README.md", "x\n").commit("GENERAL: initial import");
      assertThat(run("-C", dir.toString(), "hooks", "install").code()).isZero();
      repo.file("router/Router.java", "class Router {}\n").stage();
      TestRepo.Attempt commit = repo.attempt(Map.of(), "commit", "-q", "-m", "fixed stuff");
      assertThat(commit.code()).isNotZero();
      assertThat(commit.output()).contains("message.minimal", "fixed stuff");
    }
  }
}
