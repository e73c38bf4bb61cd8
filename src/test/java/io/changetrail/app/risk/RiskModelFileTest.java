package io.changetrail.app.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.risk.JitFeature;
import io.changetrail.domain.risk.LearnedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiskModelFileTest {
  @TempDir Path dir;

  static LearnedModel sample() {
    List<LearnedModel.Coefficient> features = new ArrayList<>();
    int i = 0;
    for (JitFeature f : JitFeature.values()) {
      features.add(
          new LearnedModel.Coefficient(f, 0.5 + i, 1.25, f == JitFeature.LA ? 0.8 : 0.01 * i));
      i++;
    }
    return new LearnedModel(
        LearnedModel.SCHEMA,
        -1.5,
        features,
        0.2,
        0.45,
        0.01,
        Map.of("commits", 1234, "head", "abc"));
  }

  @Test
  void theModelSurvivesARoundTripThroughItsFile() throws Exception {
    Path file = dir.resolve(".changetrail/risk-model.json");
    LearnedModel model = sample();
    RiskModelFile.write(file, model);
    LearnedModel read = RiskModelFile.read(file);
    assertThat(read.features()).isEqualTo(model.features());
    assertThat(read.intercept()).isEqualTo(model.intercept());
    assertThat(read.mediumThreshold()).isEqualTo(0.2);
    assertThat(read.highThreshold()).isEqualTo(0.45);
    assertThat(read.provenance()).containsEntry("commits", 1234);
    // the same model is the same text: a reviewable, diffable file
    assertThat(RiskModelFile.render(read)).isEqualTo(Files.readString(file));
    assertThat(Files.readString(file)).contains("\"schema\" : \"changetrail.risk-model/v1\"");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aFileThatIsNotAModelIsRefusedWithTheWayOut() throws Exception {
    Path file = dir.resolve("risk-model.json");
    Files.writeString(file, "{\"schema\": \"changetrail.risk-model/v0\"}");
    assertThatThrownBy(() -> RiskModelFile.read(file))
        .isInstanceOf(ChangeTrailException.class)
        .hasMessageContaining("is not a usable risk model")
        .hasMessageContaining("changetrail.risk-model/v1");
    Files.writeString(file, RiskModelFile.render(sample()).replace("\"la\"", "\"lines\""));
    assertThatThrownBy(() -> RiskModelFile.read(file))
        .hasMessageContaining("unknown feature 'lines'");
    Files.writeString(file, "{ not json");
    assertThatThrownBy(() -> RiskModelFile.read(file)).hasMessageContaining("not valid JSON");
  }
}
