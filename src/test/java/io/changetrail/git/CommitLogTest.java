package io.changetrail.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class CommitLogTest {
  @Test
  void gitsIsoDatesAreReadAsTheGeneralParserReadsThem() {
    for (String date :
        new String[] {
          "2026-11-24T16:02:11+01:00",
          "1999-01-01T00:00:00-05:30",
          "2026-02-28T23:59:59+00:00",
          "2026-11-24T16:02:11Z"
        }) {
      assertThat(CommitLog.isoDate(date)).isEqualTo(OffsetDateTime.parse(date));
    }
  }
}
