package io.changetrail.app.init;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.app.config.ConfigLoader;
import io.changetrail.app.config.ProjectConfig;
import io.changetrail.domain.assess.SensitivePathRule;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in rules say what a file is, not which folder it sits in; init tries them on history. */
class GroundedRulesTest {
  @TempDir Path dir;

  private static Map<String, Boolean> fired(String path) {
    Map<String, Boolean> out = new TreeMap<>();
    for (SensitivePathRule rule : SensitivePathRule.defaults()) {
      if (rule.matchesAny(List.of(path))) {
        out.put(rule.name(), true);
      }
    }
    return out;
  }

  @Test
  void aJavaPackageNamedLikeAProtocolIsNotAWireFormat() {
    // a FIX engine whose Java package is quickfix
    assertThat(fired("quickfixj-core/src/main/java/quickfix/Session.java")).isEmpty();
    assertThat(fired("quickfixj-core/src/main/java/quickfix/fix44/Message.java")).isEmpty();
    assertThat(fired("app/src/main/java/acme/schemas/Order.java")).isEmpty();
    assertThat(fired("core/src/main/java/acme/migration/Mapper.java")).isEmpty();
    assertThat(fired("core/src/main/java/acme/limits/LimitChecker.java")).isEmpty();
    assertThat(fired("core/src/test/resources/fixture.sql")).isEmpty();
  }

  @Test
  void schemaDictionaryAndMigrationFormatsAreSensitiveWhereverTheyAre() {
    assertThat(fired("quickfixj-messages/src/main/resources/FIX44.xml")).containsKey("wire-format");
    assertThat(fired("resources/FIXT11.xml")).containsKey("wire-format");
    assertThat(fired("spec/FIXLatest.xml")).containsKey("wire-format");
    assertThat(fired("api/orders.proto")).containsKey("wire-format");
    assertThat(fired("schemas/trade.avsc")).containsKey("wire-format");
    assertThat(fired("codec/src/main/resources/sbe/market-data.xml")).containsKey("wire-format");
    assertThat(fired("svc/src/main/resources/db/migration/V2__add_col.sql"))
        .containsKey("db-migration");
    assertThat(fired("svc/migration/V3__Backfill.java")).containsKey("db-migration");
    assertThat(fired("svc/src/main/resources/db/changelog/db.changelog-master.yaml"))
        .containsKey("db-migration");
    assertThat(fired("db/migrate/20240101_add_users.rb")).containsKey("db-migration");
    assertThat(fired("app/migrations/0002_auto.py")).containsKey("db-migration");
    assertThat(fired("risk-engine/config/limits.yml")).containsKey("trading-limits");
  }

  @Test
  void initReportsAndCommentsOutARuleThatFiresOnMostCommits() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    for (int i = 0; i < 30; i++) {
      repo.file("risk-engine/config/limits.yml", "max_notional: " + (1000 + i) + "\n");
      if (i % 3 == 0) {
        repo.file("README.md", "# platform " + i + "\n");
      }
      repo.commit("CONFIGURATION: limits " + i);
    }
    Cli.Result init = Cli.run(dir, "init");
    assertThat(init.exitCode()).isZero();
    assertThat(init.out())
        .contains("built-in rule trading-limits fired on 31 of the last 31 commits (100%)");
    assertThat(init.out()).doesNotContain("rule db-migration");
    String written = Files.readString(dir.resolve("changetrail.yml"));
    assertThat(written).contains("  # - name: trading-limits").contains("  - name: db-migration");
    ProjectConfig config = new ConfigLoader().load(dir);
    assertThat(config.sensitivePaths())
        .extracting(SensitivePathRule::name)
        .contains("db-migration", "wire-format", "security")
        .doesNotContain("trading-limits");
    assertThat(config.sensitivePaths())
        .filteredOn(r -> r.name().equals("wire-format"))
        .first()
        .satisfies(r -> assertThat(r).isEqualTo(wireFormat()));
  }

  private static SensitivePathRule wireFormat() {
    return SensitivePathRule.defaults().stream()
        .filter(r -> r.name().equals("wire-format"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aQuietHistoryKeepsTheDefaults() throws Exception {
    TestRepo.tradingSystem(dir);
    Cli.Result init = Cli.run(dir, "init");
    assertThat(init.out()).doesNotContain("built-in rule");
    assertThat(Files.readString(dir.resolve("changetrail.yml")))
        .contains("replace_defaults: false");
  }
}
