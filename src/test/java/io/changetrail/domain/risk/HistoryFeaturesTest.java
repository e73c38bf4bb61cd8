package io.changetrail.domain.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryFeaturesTest {
  private static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant day(int n) {
    return DAY0.plusSeconds(n * 86_400L);
  }

  @Test
  void sizeFeaturesComeFromTheChangeItself() {
    ChangeFeatures f =
        new HistoryFeatures()
            .features(
                "alice",
                DAY0,
                List.of(
                    FileChange.of("core/src/A.java", FileStatus.MODIFIED, 30, 10),
                    FileChange.of("core/src/B.java", FileStatus.MODIFIED, 10, 0),
                    FileChange.of("web/src/test/CTest.java", FileStatus.ADDED, 50, 0)),
                true);
    assertThat(f.get(JitFeature.LA)).isEqualTo(90);
    assertThat(f.get(JitFeature.LD)).isEqualTo(10);
    assertThat(f.get(JitFeature.NF)).isEqualTo(3);
    assertThat(f.get(JitFeature.ND)).isEqualTo(2);
    assertThat(f.get(JitFeature.NS)).isEqualTo(2);
    assertThat(f.get(JitFeature.TLA)).isEqualTo(50);
    assertThat(f.get(JitFeature.TESTS)).isEqualTo(1);
    assertThat(f.get(JitFeature.FIX)).isEqualTo(1);
    // lines 40, 10, 50 of 100: -(.4 log .4 + .1 log .1 + .5 log .5) in bits
    assertThat(f.get(JitFeature.ENTROPY)).isCloseTo(1.361, within(0.001));
    assertThat(f.untestedFiles()).isEmpty();
  }

  @Test
  void historyFeaturesCountWhatCameBeforeOnly() {
    HistoryFeatures history = new HistoryFeatures();
    FileChange create = FileChange.of("src/A.java", FileStatus.ADDED, 100, 0);
    history.observe("bob", day(0), List.of(create));
    history.observe(
        "carol", day(10), List.of(FileChange.of("src/A.java", FileStatus.MODIFIED, 5, 15)));
    history.observe(
        "alice", day(11), List.of(FileChange.of("src/Other.java", FileStatus.ADDED, 3, 0)));

    ChangeFeatures f =
        history.features(
            "alice",
            day(20),
            List.of(FileChange.of("src/A.java", FileStatus.MODIFIED, 1, 1)),
            false);
    assertThat(f.get(JitFeature.NUC)).isEqualTo(2);
    assertThat(f.get(JitFeature.NDEV)).isEqualTo(2);
    assertThat(f.get(JitFeature.LT)).isEqualTo(90);
    assertThat(f.get(JitFeature.AGE)).isEqualTo(10);
    assertThat(f.get(JitFeature.EXP)).isEqualTo(1);
    assertThat(f.get(JitFeature.FEXP)).isEqualTo(0);
    assertThat(f.untestedFiles()).containsExactly("src/A.java");
  }

  @Test
  void aFileOnlyOnePersonTouchedIsNamedForASecondReviewer() {
    HistoryFeatures history = new HistoryFeatures();
    history.observe("bob", day(0), List.of(FileChange.of("src/A.java", FileStatus.ADDED, 10, 0)));
    ChangeFeatures byAlice =
        history.features(
            "alice",
            day(1),
            List.of(FileChange.of("src/A.java", FileStatus.MODIFIED, 1, 0)),
            false);
    ChangeFeatures byBob =
        history.features(
            "bob", day(1), List.of(FileChange.of("src/A.java", FileStatus.MODIFIED, 1, 0)), false);
    assertThat(byAlice.soleOwnerFiles()).containsEntry("src/A.java", "bob");
    assertThat(byBob.soleOwnerFiles()).isEmpty();
    assertThat(byBob.get(JitFeature.FEXP)).isEqualTo(1);
  }

  @Test
  void aRenamedFileKeepsItsHistory() {
    HistoryFeatures history = new HistoryFeatures();
    history.observe("bob", day(0), List.of(FileChange.of("src/A.java", FileStatus.ADDED, 10, 0)));
    history.observe(
        "bob",
        day(1),
        List.of(
            new FileChange("src/B.java", "src/A.java", FileStatus.RENAMED, 0, 0, false, false)));
    ChangeFeatures f =
        history.features(
            "alice",
            day(2),
            List.of(FileChange.of("src/B.java", FileStatus.MODIFIED, 1, 0)),
            false);
    assertThat(f.get(JitFeature.NUC)).isEqualTo(2);
    assertThat(f.get(JitFeature.LT)).isEqualTo(10);
  }

  @Test
  void theSameHistoryGivesTheSameFeatures() {
    ChangeFeatures a = replay();
    ChangeFeatures b = replay();
    assertThat(a).isEqualTo(b);
  }

  private static ChangeFeatures replay() {
    HistoryFeatures history = new HistoryFeatures();
    for (int i = 0; i < 20; i++) {
      history.observe(
          "dev" + (i % 3),
          day(i),
          List.of(FileChange.of("src/F" + (i % 4) + ".java", FileStatus.MODIFIED, i, i / 2)));
    }
    return history.features(
        "dev1", day(30), List.of(FileChange.of("src/F1.java", FileStatus.MODIFIED, 3, 3)), false);
  }
}
