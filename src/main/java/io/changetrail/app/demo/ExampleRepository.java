package io.changetrail.app.demo;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.git.GitRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in example: a small trading system (Maven modules common, market-data, risk-engine and
 * order-router; configuration, database migrations, a deployment runbook) with a short history of
 * realistic changes, written into a fresh git repository.
 */
public final class ExampleRepository {

  /** One change of the example history worth showing. */
  public record Scenario(String title, String revision) {}

  private final Path dir;
  private GitRepository git;
  private int clock;

  public ExampleRepository(Path dir) {
    this.dir = dir;
  }

  public GitRepository git() {
    return git;
  }

  /** Writes the repository and its history; returns the changes worth assessing, in order. */
  public List<Scenario> create() {
    git = GitRepository.init(dir, "main");
    // the tour's people decide unsigned: the visitor's own signing key (global git config) is not
    // theirs, and an x509 one would be refused
    git.setConfig("changetrail.signDecisions", "false");
    List<Scenario> scenarios = new ArrayList<>();
    initialImport();

    write(
        "order-router/src/main/java/com/acme/router/SmartOrderRouter.java", routerWithVenueCheck());
    write(
        "order-router/src/test/java/com/acme/router/SmartOrderRouterTest.java",
        routerTest("rejectsOrdersForHaltedVenues"));
    scenarios.add(
        new Scenario(
            "A documented bug fix in the tier-1 order router, with its test",
            commit(
                "alice",
                "BUGFIX: stop routing orders to venues that are halted\n\n"
                    + "## Context and Rationale\n"
                    + "Orders for XLON were routed during the 14:02 halt and rejected by the venue.\n"
                    + "The router now checks the venue status before choosing a route.\n\n"
                    + "## Testing and Verification\n"
                    + "- ✅ SmartOrderRouterTest.rejectsOrdersForHaltedVenues\n")));

    write(
        "risk-engine/src/main/resources/db/migration/V2__add_intraday_limits.sql",
        "ALTER TABLE position_limit ADD COLUMN intraday_max NUMERIC(20, 4);\n"
            + "UPDATE position_limit SET intraday_max = max_notional * 0.5;\n");
    write("risk-engine/config/limits.yml", limits("2500000", "1250000"));
    write("risk-engine/src/main/java/com/acme/risk/PreTradeRiskCheck.java", riskCheck(true));
    scenarios.add(
        new Scenario(
            "A new intraday limit: schema migration, limit change and code in the risk engine",
            commit(
                "bob",
                "feat(risk)!: enforce intraday notional limits per desk\n\n"
                    + "Adds an intraday maximum next to the overnight limit.\n\n"
                    + "BREAKING CHANGE: position_limit gains a column that the limit loader"
                    + " requires.\n")));

    write(
        "docs/runbooks/market-open.md",
        "# Market open\n\n1. Check feeds.\n2. Check limits.\n3. Enable routing.\n");
    scenarios.add(
        new Scenario(
            "Documentation only", commit("carol", "docs: describe the market-open runbook\n")));

    write("common/src/main/java/com/acme/common/Money.java", money(true));
    scenarios.add(
        new Scenario(
            "An undocumented change to shared code that two tier-1 systems build on",
            commit("dave", "fixed stuff\n")));

    write(
        "market-data/src/main/java/com/acme/md/FeedHandler.java",
        "package com.acme.md;\n\n/** Normalises venue feeds. */\npublic final class FeedHandler {\n"
            + "  public String normalise(String symbol) {\n    return symbol.strip().toUpperCase();\n  }\n}\n");
    git.stageAll();
    scenarios.add(new Scenario("A staged change, not yet committed", ""));
    return scenarios;
  }

  private void initialImport() {
    write(".gitignore", "target/\n");
    write(
        "README.md", "# ACME equities trading\n\nOrder routing, pre-trade risk and market data.\n");
    write("pom.xml", rootPom());
    write("common/pom.xml", modulePom("common", List.of()));
    write("market-data/pom.xml", modulePom("market-data", List.of("common")));
    write("risk-engine/pom.xml", modulePom("risk-engine", List.of("common", "market-data")));
    write("order-router/pom.xml", modulePom("order-router", List.of("common", "risk-engine")));
    write("common/src/main/java/com/acme/common/Money.java", money(false));
    write(
        "common/src/test/java/com/acme/common/MoneyTest.java",
        "package com.acme.common;\n\nclass MoneyTest {}\n");
    write(
        "market-data/src/main/java/com/acme/md/FeedHandler.java",
        "package com.acme.md;\n\n/** Normalises venue feeds. */\npublic final class FeedHandler {\n"
            + "  public String normalise(String symbol) {\n    return symbol.trim();\n  }\n}\n");
    write("risk-engine/src/main/java/com/acme/risk/PreTradeRiskCheck.java", riskCheck(false));
    write(
        "risk-engine/src/main/resources/db/migration/V1__position_limits.sql",
        "CREATE TABLE position_limit (desk VARCHAR(32) PRIMARY KEY, max_notional NUMERIC(20, 4));\n");
    write("risk-engine/config/limits.yml", limits("2500000", null));
    write("order-router/src/main/java/com/acme/router/SmartOrderRouter.java", router());
    write(
        "order-router/src/test/java/com/acme/router/SmartOrderRouterTest.java",
        routerTest("routesToCheapestVenue"));
    write(
        "order-router/src/main/resources/application.yml",
        "router:\n  venues: [XLON, XPAR, CHIX]\n  timeout-ms: 250\n");
    write(
        "deploy/prod.yml",
        """
        name: equities platform release
        environment: prod
        timeout: 1m
        pre_checks:
          - name: venue sessions logged on
            run: echo "XLON XPAR CHIX logged on"
          - name: no open incident
            run: "true"
        steps:
          - name: deploy risk-engine
            run: echo "risk-engine $CHANGETRAIL_CHANGE deployed to $CHANGETRAIL_ENV"
          - name: deploy order-router
            run: echo "order-router deployed"
        post_checks:
          - name: smoke order through the simulator
            run: echo "::metric order_to_ack_p99=412 us" && echo "::metric fills=25"
        rollback:
          - name: redeploy the previous release
            run: echo "previous release redeployed"
          - name: confirm limits restored
            run: echo "limits restored"
        """);
    write(
        "deploy/prod-canary.yml",
        """
        name: equities platform release (canary first)
        environment: prod
        timeout: 1m
        steps:
          - name: deploy risk-engine canary
            run: echo "canary up"
        post_checks:
          - name: canary fill rate within limits
            run: echo "fill rate 71% < 95% expected" && exit 1
        rollback:
          - name: remove the canary
            run: echo "canary removed"
        """);
    write("changetrail.yml", config());
    commit("alice", "FEATURE: initial import of the equities trading platform\n");
  }

  private String commit(String author, String message) {
    git.stageAll();
    clock++;
    String time = String.format("2026-11-%02dT09:%02d:00+00:00", 2 + clock, 10 + clock);
    return git.commit(message, author, author + "@acme.example", time);
  }

  private void write(String path, String content) {
    Path file = dir.resolve(path);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write the example file " + file + ": " + e.getMessage(), "");
    }
  }

  private static String config() {
    return """
        version: 1
        systems:
          order-router:
            paths: ["order-router/"]
            tier: 1
            owners: ["@routing"]
            tests: ["./mvnw -pl order-router -am verify"]
            rollback: "redeploy the previous release; open orders stay on the venues"
          risk-engine:
            paths: ["risk-engine/"]
            tier: 1
            owners: ["@risk"]
            tests: ["./mvnw -pl risk-engine -am verify"]
          market-data:
            paths: ["market-data/"]
            tier: 2
            owners: ["@market-data"]
            tests: ["./mvnw -pl market-data -am verify"]
          common:
            paths: ["common/", "pom.xml"]
            tier: 2
            owners: ["@platform"]
            tests: ["./mvnw -pl common verify"]
        approvals:
          required: {LOW: 1, MEDIUM: 1, HIGH: 2}
        emergency:
          approve_within: 24h
        verification:
          checks:
            - {name: unit and integration tests, kind: test, run: "echo 412 tests passed"}
            - {name: latency regression, kind: performance, run: "echo '::metric p99=412 us'", min_risk: MEDIUM}
            - {name: dependency scan, kind: security, run: "echo no known vulnerabilities", min_risk: HIGH}
        """;
  }

  private static String rootPom() {
    return """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme.trading</groupId>
          <artifactId>trading-platform</artifactId>
          <version>1.0.0-SNAPSHOT</version>
          <packaging>pom</packaging>
          <modules>
            <module>common</module>
            <module>market-data</module>
            <module>risk-engine</module>
            <module>order-router</module>
          </modules>
        </project>
        """;
  }

  private static String modulePom(String name, List<String> dependencies) {
    StringBuilder deps = new StringBuilder();
    for (String dependency : dependencies) {
      deps.append("    <dependency>\n      <groupId>com.acme.trading</groupId>\n      <artifactId>")
          .append(dependency)
          .append(
              "</artifactId>\n      <version>${project.version}</version>\n    </dependency>\n");
    }
    return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
        + "  <modelVersion>4.0.0</modelVersion>\n"
        + "  <parent>\n    <groupId>com.acme.trading</groupId>\n"
        + "    <artifactId>trading-platform</artifactId>\n    <version>1.0.0-SNAPSHOT</version>\n"
        + "  </parent>\n"
        + "  <artifactId>"
        + name
        + "</artifactId>\n"
        + "  <dependencies>\n"
        + deps
        + "  </dependencies>\n</project>\n";
  }

  private static String money(boolean rounded) {
    return "package com.acme.common;\n\nimport java.math.BigDecimal;\nimport java.math.RoundingMode;\n\n"
        + "/** An amount in one currency. */\npublic record Money(BigDecimal amount, String currency) {\n"
        + "  public Money plus(Money other) {\n"
        + "    return new Money(amount.add(other.amount)"
        + (rounded ? ".setScale(4, RoundingMode.HALF_EVEN)" : "")
        + ", currency);\n  }\n}\n";
  }

  private static String riskCheck(boolean intraday) {
    return "package com.acme.risk;\n\n/** Rejects orders that would breach a desk's limits. */\n"
        + "public final class PreTradeRiskCheck {\n"
        + "  public boolean allows(double notional, double used, double max"
        + (intraday ? ", double intradayUsed, double intradayMax" : "")
        + ") {\n"
        + "    return used + notional <= max"
        + (intraday ? " && intradayUsed + notional <= intradayMax" : "")
        + ";\n  }\n}\n";
  }

  private static String limits(String max, String intraday) {
    return "desks:\n  equities-cash:\n    max_notional: "
        + max
        + "\n"
        + (intraday == null ? "" : "    intraday_max: " + intraday + "\n");
  }

  private static String router() {
    return "package com.acme.router;\n\nimport java.util.List;\n\n"
        + "/** Chooses the venue for each child order. */\npublic final class SmartOrderRouter {\n"
        + "  public String route(List<String> venues) {\n    return venues.get(0);\n  }\n}\n";
  }

  private static String routerWithVenueCheck() {
    return "package com.acme.router;\n\nimport java.util.List;\nimport java.util.Set;\n\n"
        + "/** Chooses the venue for each child order. */\npublic final class SmartOrderRouter {\n"
        + "  public String route(List<String> venues, Set<String> halted) {\n"
        + "    return venues.stream().filter(v -> !halted.contains(v)).findFirst()\n"
        + "        .orElseThrow(() -> new IllegalStateException(\"every venue is halted\"));\n"
        + "  }\n}\n";
  }

  private static String routerTest(String name) {
    return "package com.acme.router;\n\nclass SmartOrderRouterTest {\n  void "
        + name
        + "() {}\n}\n";
  }
}
