package io.changetrail.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.RunbookStep;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleProgressTest {
  @TempDir Path dir;

  @Test
  void showsEachStepItsOutputAndHowItEnded() {
    Runbook runbook =
        new RunbookParser()
            .parse(
                """
                pre_checks:
                  - {name: venue connectivity, run: echo venues ok}
                steps:
                  - {name: deploy order-router, run: 'echo deploying; exit 3'}
                  - {name: warm caches, run: 'true'}
                rollback:
                  - {name: redeploy previous, run: 'sleep 5', timeout: 300ms}
                """,
                "deploy/prod.yml");
    StringWriter text = new StringWriter();
    ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text), runbook);
    RunbookExecutor executor = new RunbookExecutor(dir, Map.of(), Duration.ofSeconds(2));

    executor.runDeployment(runbook, progress);
    executor.run(runbook.rollback(), progress);

    String out =
        text.toString()
            .replaceAll("in [0-9.]+m?s", "in T")
            .replaceAll("after [0-9.]+m?s", "after T");
    assertThat(out.lines().toList())
        .containsSubsequence(
            "Pre-deployment verification",
            "▶ [pre-check 1/1] venue connectivity",
            "    venues ok",
            "  ✔ passed in T",
            "",
            "Deployment steps",
            "▶ [step 1/2] deploy order-router",
            "    deploying",
            "  ✘ failed (exit 3) in T",
            "⏭ [step 2/2] warm caches: skipped",
            "",
            "Rollback",
            "▶ [rollback 1/1] redeploy previous",
            "  ⏱ timed out after T");
    assertThat(text.toString()).contains("⏱ timed out after 300ms");
  }

  @Test
  void outputCanBeLeftOut() {
    Runbook runbook =
        new Runbook(
            "r",
            "",
            List.of(),
            List.of(new RunbookStep(Phase.STEP, 1, "say", "echo hidden", Duration.ofSeconds(5), 1)),
            List.of(),
            List.of(),
            "r.yml");
    StringWriter text = new StringWriter();
    new RunbookExecutor(dir, Map.of())
        .runDeployment(runbook, new ConsoleProgress(new PrintWriter(text), runbook, false));
    assertThat(text.toString()).contains("▶ [step 1/1] say").doesNotContain("hidden");
  }
}
