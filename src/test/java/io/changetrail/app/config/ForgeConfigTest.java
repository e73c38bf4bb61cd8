package io.changetrail.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.ForgeLinks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ForgeConfigTest {
  @Test
  void theForgeSectionGivesCommitAndFileLinks() {
    ForgeLinks forge =
        ForgeConfig.parse(
            "forge:\n  commit_url: https://github.com/acme/t/commit/{sha}\n"
                + "  file_url: https://github.com/acme/t/blob/{sha}/{path}\n",
            "changetrail.yml");
    assertThat(forge.commit("abc")).contains("https://github.com/acme/t/commit/abc");
    assertThat(forge.file("abc", "a/B.java"))
        .contains("https://github.com/acme/t/blob/abc/a/B.java");
    assertThat(ForgeConfig.parse("version: 1\n", "changetrail.yml").configured()).isFalse();
  }

  @Test
  void everyCommandRefusesABadForgeUrlWithItsPlace() {
    for (String[] bad :
        new String[][] {
          {"forge:\n  commit_url: javascript:alert(1)/{sha}\n", "must start with https://"},
          {"forge:\n  commit_url: https://x.example/commit/\n", "needs {sha}"},
          {"forge:\n  file_url: https://x.example/{sha}/{file}\n", "unknown placeholder {file}"},
          {"forge:\n  url: https://x.example/\n", "url"},
        }) {
      assertThatThrownBy(
              () -> new ConfigLoader().parse(Path.of("changetrail.yml"), bad[0], "changetrail.yml"))
          .as(bad[0])
          .isInstanceOfSatisfying(
              ChangeTrailException.class,
              e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_CONFIG))
          .hasMessageContaining(bad[1])
          .hasMessageContaining("changetrail.yml:");
    }
  }
}
