package io.changetrail.domain.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.ChangeTrailException;
import org.junit.jupiter.api.Test;

class RevisionRangeTest {
  @Test
  void theFormsOfGitsGrammar() {
    assertThat(RevisionRange.parse("v1.2.0..HEAD"))
        .isEqualTo(new RevisionRange("v1.2.0", "HEAD", false));
    assertThat(RevisionRange.parse("main...feature"))
        .isEqualTo(new RevisionRange("main", "feature", true));
    assertThat(RevisionRange.parse("origin/main.."))
        .isEqualTo(new RevisionRange("origin/main", "HEAD", false));
    assertThat(RevisionRange.parse("..topic")).isEqualTo(new RevisionRange("HEAD", "topic", false));
    RevisionRange whole = RevisionRange.parse("HEAD");
    assertThat(whole.wholeHistory()).isTrue();
    assertThat(whole.text()).isEqualTo("HEAD");
    assertThat(RevisionRange.parse(" HEAD~3..HEAD ").text()).isEqualTo("HEAD~3..HEAD");
  }

  @Test
  void whatIsNoRangeIsRefusedWithTheGrammar() {
    for (String bad : new String[] {"", "  ", "..", "a..b..c", "a...b...c"}) {
      assertThatThrownBy(() -> RevisionRange.parse(bad))
          .isInstanceOf(ChangeTrailException.class)
          .hasMessageContaining("is not a range");
    }
  }
}
