package io.changetrail.domain.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.assess.Level;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The learned model's levels come from target shares of the history it was fitted on. */
class CalibrationLevelsTest {
  private static final long DAY = 86_400;

  private static List<Calibration.Row> history(int n, long start, long step) {
    Random random = new Random(14);
    List<Calibration.Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<JitFeature, Double> values = new EnumMap<>(JitFeature.class);
      double lines = Math.exp(random.nextDouble() * 7);
      values.put(JitFeature.LA, lines);
      values.put(JitFeature.NF, (double) (1 + random.nextInt(10)));
      boolean bug = random.nextDouble() < Math.log1p(lines) / 10;
      rows.add(
          new Calibration.Row(
              String.format("%040d", i),
              start + i * step,
              new ChangeFeatures(values, Map.of(), List.of()),
              bug,
              lines));
    }
    return rows;
  }

  @Test
  void aTenthOfTheFittedCommitsAreHighAndAThirdMediumOrAbove() {
    List<Calibration.Row> rows = history(1_000, 0, DAY);
    long matureBefore = 1_000 * DAY;
    Calibration.Result result =
        Calibration.calibrate(rows, matureBefore, 0.01, new LinkedHashMap<>());
    LearnedModel model = result.model();
    Map<Level, Integer> levels = new EnumMap<>(Level.class);
    for (Calibration.Row row : rows) {
      levels.merge(model.levelOf(model.probability(row.features())), 1, Integer::sum);
    }
    assertThat(levels.get(Level.HIGH)).isEqualTo(100);
    assertThat(levels.get(Level.HIGH) + levels.get(Level.MEDIUM)).isEqualTo(350);
    @SuppressWarnings("unchecked")
    Map<String, Object> recorded = (Map<String, Object>) model.provenance().get("levels");
    assertThat(recorded)
        .containsEntry("highShare", 0.10)
        .containsEntry("mediumOrHigherShare", 0.35)
        .containsEntry("commits", 1_000);
    assertThat((String) recorded.get("rule"))
        .isEqualTo(
            "HIGH: the riskiest 10% of the commits the model was fitted on; MEDIUM or HIGH: the"
                + " riskiest 35%");
  }

  @Test
  void theSharesAreThoseOfTheFitWindowNotOfTheWholeHistory() {
    // ten years of commits, one every four days: the model is fitted on the last five years only,
    // and its thresholds put a tenth of those at HIGH
    List<Calibration.Row> rows = history(913, 0, 4 * DAY);
    long matureBefore = 913 * 4 * DAY;
    LearnedModel model =
        Calibration.calibrate(rows, matureBefore, 0.01, new LinkedHashMap<>()).model();
    List<Calibration.Row> window = Calibration.recent(rows);
    assertThat(window.size()).isLessThan(rows.size());
    long high =
        window.stream()
            .filter(r -> model.levelOf(model.probability(r.features())) == Level.HIGH)
            .count();
    assertThat(high).isEqualTo(Math.round(0.10 * window.size()));
    @SuppressWarnings("unchecked")
    Map<String, Object> recorded = (Map<String, Object>) model.provenance().get("levels");
    assertThat(recorded).containsEntry("commits", window.size());
  }
}
