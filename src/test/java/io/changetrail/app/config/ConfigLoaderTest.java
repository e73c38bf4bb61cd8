package io.changetrail.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.assess.SensitivePathRule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader();

  private ProjectConfig parse(String yaml) {
    return loader.parse(Path.of("changetrail.yml"), yaml, "changetrail.yml");
  }

  private void assertInvalid(String yaml, String expectedMessage) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ChangeTrailException.class)
        .satisfies(
            e -> assertThat(((ChangeTrailException) e).problem()).isEqualTo(Problem.INVALID_CONFIG))
        .hasMessageContaining(expectedMessage);
  }

  @Test
  void readsSystemsRulesAndRiskSettings() {
    ProjectConfig config =
        parse(
            """
            version: 1
            default_branch: trunk
            systems:
              order-router:
                paths: ["order-router/"]
                tier: 1
                owners: ["@routing"]
                tests: ["mvn -pl order-router verify"]
                rollback: redeploy
                depends_on: [common]
              common:
                paths: common/
            sensitive_paths:
              rules:
                - name: pricing
                  patterns: ["pricing/**"]
                  weight: 33
                  rollback: high
            risk:
              thresholds: {medium: 20, high: 50}
              weights:
                tier: {1: 60}
                type: {FEATURE: 12}
                untested_production_change: 0
            """);
    assertThat(config.defaultBranch()).contains("trunk");
    var systems = config.systems().orElseThrow();
    assertThat(systems).hasSize(2);
    assertThat(systems.get(0).tier()).isEqualTo(1);
    assertThat(systems.get(0).latencyCritical()).isTrue();
    assertThat(systems.get(0).dependsOn()).containsExactly("common");
    assertThat(systems.get(1).tier()).isEqualTo(3);
    assertThat(systems.get(1).paths()).containsExactly("common/");
    assertThat(config.sensitivePaths())
        .extracting(SensitivePathRule::name)
        .contains("db-migration", "pricing");
    SensitivePathRule pricing =
        config.sensitivePaths().stream()
            .filter(r -> r.name().equals("pricing"))
            .findFirst()
            .orElseThrow();
    assertThat(pricing.weight()).isEqualTo(33);
    assertThat(pricing.rollback()).isEqualTo(Level.HIGH);
    assertThat(config.riskModel().mediumThreshold()).isEqualTo(20);
    assertThat(config.riskModel().tierWeight(1)).isEqualTo(60);
    assertThat(config.riskModel().tierWeight(2)).isEqualTo(30);
    assertThat(config.riskModel().typeWeight(ChangeType.FEATURE)).isEqualTo(12);
    assertThat(config.riskModel().untestedProductionChange()).isZero();
  }

  @Test
  void emptyFileMeansDefaults() {
    assertThat(parse("").systems()).isEmpty();
    assertThat(parse("# nothing\n").riskModel().highThreshold()).isEqualTo(140);
  }

  @Test
  void replaceDefaultsDropsBuiltInRules() {
    ProjectConfig config =
        parse(
            "sensitive_paths:\n  replace_defaults: true\n  rules:\n    - {name: x, patterns: [\"x/**\"]}\n");
    assertThat(config.sensitivePaths()).extracting(SensitivePathRule::name).containsExactly("x");
  }

  @Test
  void unknownKeyIsNamedWithLineColumnAndSuggestion() {
    assertInvalid(
        "systems:\n  router:\n    paths: [a/]\n    teir: 1\n",
        "changetrail.yml:4:5: config.systems.router.teir: unknown key 'teir' (did you mean 'tier'?)");
  }

  @Test
  void wrongValuesSayWhatWasExpected() {
    assertInvalid("systems:\n  router:\n    paths: [a/]\n    tier: 7\n", "changetrail.yml:4:11");
    assertInvalid("systems:\n  router:\n    paths: [a/]\n    tier: 7\n", "from 1 to 4, found 7");
    assertInvalid("systems:\n  router:\n    tier: 1\n", "a system needs 'paths'");
    assertInvalid("systems: [a, b]\n", "expected a mapping");
    assertInvalid(
        "systems:\n  router:\n    paths: [a/]\n    depends_on: [nope]\n",
        "'nope' is not a system of this file");
    assertInvalid("risk:\n  thresholds: {medium: 70, high: 60}\n", "must not be above high");
    assertInvalid("version: 2\n", "configuration version 1");
    assertInvalid("systems:\n  router:\n    paths: [\"{a,b\"]\n", "unclosed");
    assertInvalid(
        "sensitive_paths:\n  rules:\n    - name: x\n      patterns: [a]\n      rollback: SOMETIMES\n",
        "expected one of LOW, MEDIUM, HIGH");
  }

  @Test
  void yamlSyntaxErrorsNameTheirPosition() {
    assertInvalid("systems:\n  router:\n    paths: [a/\n  tier: 1\n", "changetrail.yml:");
    assertInvalid("systems:\n  router:\n    paths: [a/\n  tier: 1\n", "not valid YAML");
    assertInvalid("a: b\n  c: d\n", "not valid YAML");
  }
}
