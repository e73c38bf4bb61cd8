package io.changetrail.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.RunbookStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookParserTest {
  private static final String LABEL = "deploy/prod.yml";
  private final RunbookParser parser = new RunbookParser();

  private Runbook parse(String yaml) {
    return parser.parse(yaml, LABEL);
  }

  private void assertInvalid(String yaml, String expectedMessage) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ChangeTrailException.class)
        .satisfies(
            e -> {
              ChangeTrailException problem = (ChangeTrailException) e;
              assertThat(problem.problem()).isEqualTo(Problem.INVALID_INPUT);
              assertThat(problem.hint()).isNotBlank();
            })
        .hasMessage(expectedMessage);
  }

  @Test
  void readsEveryPartOfARunbook() {
    Runbook runbook =
        parse(
            """
            name: order-router release
            environment: prod
            timeout: 2m            # default per command
            pre_checks:
              - name: venue connectivity
                run: ./scripts/check-venues.sh
                timeout: 30s
            steps:
              - name: deploy order-router
                run: ./deploy.sh order-router
              - name: warm caches
                run: |
                  ./warm.sh --all
                  ./warm.sh --verify
                timeout: 1m30s
            post_checks:
              - name: smoke test
                run: ./smoke.sh
            rollback:
              - name: redeploy previous release
                run: ./deploy.sh order-router --previous
            """);

    assertThat(runbook.name()).isEqualTo("order-router release");
    assertThat(runbook.environment()).isEqualTo("prod");
    assertThat(runbook.source()).isEqualTo(LABEL);
    assertThat(runbook.preChecks())
        .containsExactly(
            new RunbookStep(
                Phase.PRE_CHECK,
                1,
                "venue connectivity",
                "./scripts/check-venues.sh",
                Duration.ofSeconds(30),
                5));
    assertThat(runbook.steps())
        .containsExactly(
            new RunbookStep(
                Phase.STEP,
                1,
                "deploy order-router",
                "./deploy.sh order-router",
                Duration.ofMinutes(2),
                9),
            new RunbookStep(
                Phase.STEP,
                2,
                "warm caches",
                "./warm.sh --all\n./warm.sh --verify",
                Duration.ofSeconds(90),
                11));
    assertThat(runbook.postChecks()).extracting(RunbookStep::name).containsExactly("smoke test");
    assertThat(runbook.postChecks().get(0).phase()).isEqualTo(Phase.POST_CHECK);
    assertThat(runbook.rollback())
        .extracting(RunbookStep::phase, RunbookStep::number, RunbookStep::run)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Phase.ROLLBACK, 1, "./deploy.sh order-router --previous"));
    assertThat(runbook.deployment())
        .extracting(RunbookStep::name)
        .containsExactly("venue connectivity", "deploy order-router", "warm caches", "smoke test");
  }

  @Test
  void defaultsFillWhatIsNotWritten() {
    Runbook runbook =
        parse(
            """
            steps:
              - run: ./deploy.sh
              - ./migrate.sh --apply
            """);
    assertThat(runbook.name()).isEqualTo("prod");
    assertThat(runbook.environment()).isEmpty();
    assertThat(runbook.preChecks()).isEmpty();
    assertThat(runbook.postChecks()).isEmpty();
    assertThat(runbook.rollback()).isEmpty();
    assertThat(runbook.hasRollback()).isFalse();
    assertThat(runbook.steps())
        .extracting(RunbookStep::name, RunbookStep::timeout)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("./deploy.sh", RunbookParser.DEFAULT_TIMEOUT),
            org.assertj.core.groups.Tuple.tuple(
                "./migrate.sh --apply", RunbookParser.DEFAULT_TIMEOUT));
    assertThat(RunbookParser.DEFAULT_TIMEOUT).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void readsEveryDurationUnit() {
    Runbook runbook =
        parse(
            """
            steps:
              - {run: a, timeout: 500ms}
              - {run: b, timeout: 30s}
              - {run: c, timeout: 5m}
              - {run: d, timeout: 1h}
              - {run: e, timeout: 1h2m3s}
            """);
    assertThat(runbook.steps())
        .extracting(RunbookStep::timeout)
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Duration.ofHours(1),
            Duration.ofSeconds(3723));
  }

  @Test
  void aStepWithoutACommandIsNamedWithItsPlace() {
    assertInvalid(
        """
        name: order-router release
        environment: prod
        pre_checks:
          - name: venue connectivity
            run: ./check.sh
        steps:
          - name: deploy order-router
            timeout: 30s
        """,
        "deploy/prod.yml:7:5: steps[0]: a step needs 'run' (the command to execute)");
  }

  @Test
  void aCheckWithoutACommandSaysWhatItIs() {
    assertInvalid(
        """
        steps:
          - run: ./deploy.sh
        post_checks:
          - name: smoke
        """,
        "deploy/prod.yml:4:5: post_checks[0]: a post-check needs 'run' (the command to execute)");
  }

  @Test
  void unknownKeysGetADidYouMean() {
    assertInvalid(
        """
        steps:
          - run: ./deploy.sh
            tiemout: 30s
        """,
        "deploy/prod.yml:3:5: steps[0].tiemout: unknown key 'tiemout' (did you mean 'timeout'?)");
    assertInvalid(
        """
        step:
          - run: ./deploy.sh
        """,
        "deploy/prod.yml:1:1: step: unknown key 'step' (did you mean 'steps'?)");
  }

  @Test
  void durationsNeedAUnit() {
    assertInvalid(
        """
        steps:
          - run: ./deploy.sh
            timeout: 30
        """,
        "deploy/prod.yml:3:14: steps[0].timeout: '30' is not a duration: write a number and a"
            + " unit, e.g. 500ms, 30s, 5m, 1h");
    assertInvalid(
        """
        timeout: 5 minutes
        steps: [./deploy.sh]
        """,
        "deploy/prod.yml:1:10: timeout: '5 minutes' is not a duration: write a number and a"
            + " unit, e.g. 500ms, 30s, 5m, 1h");
    assertInvalid(
        """
        steps:
          - {run: ./deploy.sh, timeout: 0s}
        """,
        "deploy/prod.yml:2:33: steps[0].timeout: a timeout must be longer than zero");
    assertInvalid(
        """
        steps:
          - {run: ./deploy.sh, timeout: 25h}
        """,
        "deploy/prod.yml:2:33: steps[0].timeout: a timeout of 25h is longer than the 24h allowed");
  }

  @Test
  void aRunbookNeedsSteps() {
    assertInvalid(
        """
        name: nothing to do
        pre_checks:
          - run: ./check.sh
        """,
        "deploy/prod.yml:1:1: a runbook needs at least one step under 'steps'"
            + " (- name: ...  run: COMMAND)");
    assertInvalid(
        """
        name: nothing to do
        steps: []
        """,
        "deploy/prod.yml:2:8: steps: a runbook needs at least one step under 'steps'"
            + " (- name: ...  run: COMMAND)");
    assertInvalid("# only a comment\n", "deploy/prod.yml: the runbook is empty");
  }

  @Test
  void badValuesAreNamed() {
    assertInvalid(
        """
        steps:
          - name: deploy
            run: ""
        """,
        "deploy/prod.yml:3:10: steps[0].run: 'run' is empty: write the command to execute");
    assertInvalid(
        """
        steps:
          name: deploy
        """,
        "deploy/prod.yml:2:3: steps: expected a list, found a mapping");
    assertInvalid(
        """
        - run: ./deploy.sh
        """,
        "deploy/prod.yml:1:1: expected a mapping (key: value lines), found a list");
    assertInvalid(
        """
        steps:
          -
        """,
        "deploy/prod.yml:2:4: steps[0]: an empty step: write '- name: ...' with 'run: COMMAND'"
            + " below it");
  }

  @Test
  void brokenYamlNamesTheLine() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    steps:
                      - name: deploy
                        run: "./deploy.sh
                    """))
        .isInstanceOf(ChangeTrailException.class)
        .hasMessageStartingWith("deploy/prod.yml:4:1: not valid YAML");
  }

  @Test
  void readsAFileAndNamesItByItsPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prod.yml");
    Files.writeString(file, "steps:\n  - run: ./deploy.sh\n");
    Runbook runbook = parser.parse(file);
    assertThat(runbook.source()).isEqualTo(file.toString());
    assertThat(runbook.name()).isEqualTo("prod");

    Files.writeString(file, "steps:\n  - run: ./deploy.sh\n    timout: 1s\n");
    assertThatThrownBy(() -> parser.parse(file))
        .hasMessageStartingWith(file + ":3:5: steps[0].timout: unknown key");
  }

  @Test
  void aMissingFileIsAClearError(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> parser.parse(dir.resolve("deploy/prod.yml")))
        .isInstanceOf(ChangeTrailException.class)
        .hasMessage("runbook " + dir.resolve("deploy/prod.yml") + " not found")
        .satisfies(
            e -> {
              assertThat(((ChangeTrailException) e).problem()).isEqualTo(Problem.INVALID_INPUT);
              assertThat(((ChangeTrailException) e).hint()).contains("docs/runbooks.md");
            });
    assertThatThrownBy(() -> parser.parse(dir))
        .isInstanceOf(ChangeTrailException.class)
        .hasMessageContaining("is a folder, not a file");
    Path latin1 = dir.resolve("latin1.yml");
    Files.write(latin1, "steps: [caf\u00e9]\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> parser.parse(latin1)).hasMessageContaining("is not valid UTF-8");
  }

  @Test
  void theExampleInTheDocumentationIsAValidRunbook() throws Exception {
    String docs = Files.readString(Path.of("docs", "runbooks.md"));
    int start = docs.indexOf("```yaml\n") + "```yaml\n".length();
    String example = docs.substring(start, docs.indexOf("```", start));
    Runbook runbook = parser.parse(example, "deploy/prod.yml");
    assertThat(runbook.preChecks()).hasSize(2);
    assertThat(runbook.steps()).hasSize(2);
    assertThat(runbook.postChecks()).hasSize(2);
    assertThat(runbook.rollback()).hasSize(1);
    assertThat(runbook.steps().get(0).timeout()).isEqualTo(Duration.ofMinutes(10));
  }
}
