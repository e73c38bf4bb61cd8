package io.changetrail.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.app.config.ConfigLoader;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which environments are production for calibrate's outcome labels: changetrail.yml says. */
class LedgerOutcomesTest {
  @TempDir Path dir;

  @Test
  void productionIsProdAndProductionUnlessTheConfigurationNamesOthers() throws Exception {
    assertThat(LedgerOutcomes.productionEnvironments(dir)).containsExactly("prod", "production");
    Files.writeString(dir.resolve("changetrail.yml"), "version: 1\nrisk:\n  thresholds:\n");
    assertThat(LedgerOutcomes.productionEnvironments(dir)).containsExactly("prod", "production");

    Files.writeString(
        dir.resolve("changetrail.yml"),
        "version: 1\nrisk:\n  production_environments: [live-eu, live-us]\n");
    assertThat(LedgerOutcomes.productionEnvironments(dir)).containsExactly("live-eu", "live-us");
    // the project's own loader accepts the key
    assertThat(new ConfigLoader().load(dir).riskModel()).isNotNull();
  }

  @Test
  void aProductionListThatIsNotOneIsAConfigurationError() throws Exception {
    Files.writeString(
        dir.resolve("changetrail.yml"),
        "version: 1\nrisk:\n  production_environments:\n    live: true\n");
    assertThatThrownBy(() -> LedgerOutcomes.productionEnvironments(dir))
        .isInstanceOf(ChangeTrailException.class)
        .satisfies(
            e -> assertThat(((ChangeTrailException) e).problem()).isEqualTo(Problem.INVALID_CONFIG))
        .hasMessageContaining("changetrail.yml:4")
        .hasMessageContaining("production_environments");
    assertThatThrownBy(() -> new ConfigLoader().load(dir))
        .isInstanceOf(ChangeTrailException.class)
        .hasMessageContaining("production_environments");
  }
}
