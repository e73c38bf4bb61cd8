package io.changetrail.app.deploy;

import io.changetrail.app.config.YamlValue;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.deploy.DurationText;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.RunbookStep;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a runbook file (YAML, described in docs/runbooks.md), checking every key and value and
 * naming file:line:column on error. Stateless: one instance may be shared.
 */
public final class RunbookParser {
  /** The timeout of a command when neither the step nor the runbook sets one. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** The longest timeout a runbook may set. */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "name",
          "description",
          "environment",
          "timeout",
          "pre_checks",
          "steps",
          "post_checks",
          "rollback");
  private static final Set<String> STEP_KEYS = Set.of("name", "run", "timeout");
  private static final String DOCS = "docs/runbooks.md";

  /** Reads and parses a runbook file; its path, as given, names it in messages. */
  public Runbook parse(Path file) {
    String label = file.toString();
    if (Files.isDirectory(file)) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "runbook " + label + " is a folder, not a file",
          "pass the path of a runbook file, e.g. --plan deploy/prod.yml");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "runbook " + label + " not found",
          "check the path (relative paths start from the current folder);"
              + " the runbook format is described in "
              + DOCS);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO,
          "cannot read runbook " + label + ": " + e.getMessage(),
          "check its permissions",
          e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "runbook " + label + " is not valid UTF-8", "save it as UTF-8");
    }
    return parse(text, label);
  }

  /** Parses runbook text; {@code label} names the file in messages and becomes its source. */
  public Runbook parse(String text, String label) {
    String hint = "fix " + label + " (the runbook format is described in " + DOCS + ")";
    YamlValue document =
        YamlValue.parse(text, label, Problem.INVALID_INPUT, hint)
            .orElseThrow(
                () ->
                    new ChangeTrailException(
                        Problem.INVALID_INPUT,
                        label + ": the runbook is empty",
                        "write at least a 'steps' list; see " + DOCS));
    Map<String, YamlValue> top = document.mapping(TOP_LEVEL);

    String name =
        YamlValue.get(top, "name").map(v -> text(v, "a name")).orElseGet(() -> baseName(label));
    String environment =
        YamlValue.get(top, "environment").map(v -> text(v, "an environment name")).orElse("");
    Duration defaultTimeout =
        YamlValue.get(top, "timeout").map(RunbookParser::duration).orElse(DEFAULT_TIMEOUT);

    List<RunbookStep> steps = steps(top, "steps", Phase.STEP, defaultTimeout);
    if (steps.isEmpty()) {
      YamlValue where = Optional.ofNullable(top.get("steps")).orElse(document);
      throw where.error(
          "a runbook needs at least one step under 'steps' (- name: ...  run: COMMAND)");
    }
    return new Runbook(
        name,
        environment,
        steps(top, "pre_checks", Phase.PRE_CHECK, defaultTimeout),
        steps,
        steps(top, "post_checks", Phase.POST_CHECK, defaultTimeout),
        steps(top, "rollback", Phase.ROLLBACK, defaultTimeout),
        label);
  }

  private static List<RunbookStep> steps(
      Map<String, YamlValue> top, String key, Phase phase, Duration defaultTimeout) {
    Optional<YamlValue> list = YamlValue.get(top, key);
    if (list.isEmpty()) {
      return List.of();
    }
    List<RunbookStep> steps = new ArrayList<>();
    for (YamlValue item : list.get().sequence()) {
      steps.add(step(item, phase, steps.size() + 1, defaultTimeout));
    }
    return steps;
  }

  /** A step is a mapping (name, run, timeout), or just the command as text. */
  private static RunbookStep step(YamlValue item, Phase phase, int number, Duration timeout) {
    if (item.isNull()) {
      throw item.error("an empty step: write '- name: ...' with 'run: COMMAND' below it");
    }
    if (item.isScalar()) {
      String run = command(item);
      return new RunbookStep(phase, number, firstLine(run), run, timeout, item.line());
    }
    Map<String, YamlValue> fields = item.mapping(STEP_KEYS);
    YamlValue runValue =
        YamlValue.get(fields, "run")
            .orElseThrow(
                () -> item.error("a " + phase.label() + " needs 'run' (the command to execute)"));
    String run = command(runValue);
    String name = YamlValue.get(fields, "name").map(v -> text(v, "a name")).orElse(firstLine(run));
    Duration stepTimeout =
        YamlValue.get(fields, "timeout").map(RunbookParser::duration).orElse(timeout);
    return new RunbookStep(phase, number, name, run, stepTimeout, item.line());
  }

  private static String command(YamlValue value) {
    String run = value.string().strip();
    if (run.isEmpty()) {
      throw value.error("'run' is empty: write the command to execute");
    }
    return run;
  }

  private static String text(YamlValue value, String what) {
    String text = value.string().strip();
    if (text.isEmpty()) {
      throw value.error("expected " + what + ", found nothing");
    }
    return text;
  }

  private static Duration duration(YamlValue value) {
    String text = value.string().strip();
    Duration duration =
        DurationText.parse(text)
            .orElseThrow(
                () ->
                    value.error(
                        "'"
                            + text
                            + "' is not a duration: write a number and a unit,"
                            + " e.g. 500ms, 30s, 5m, 1h"));
    if (duration.isZero()) {
      throw value.error("a timeout must be longer than zero");
    }
    if (duration.compareTo(MAX_TIMEOUT) > 0) {
      throw value.error("a timeout of " + text + " is longer than the 24h allowed");
    }
    return duration;
  }

  private static String firstLine(String run) {
    int newline = run.indexOf('\n');
    return newline < 0 ? run : run.substring(0, newline).strip() + " ...";
  }

  private static String baseName(String label) {
    String name = label.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
