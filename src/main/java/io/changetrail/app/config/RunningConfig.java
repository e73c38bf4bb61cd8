package io.changetrail.app.config;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code running:} section of changetrail.yml: per environment, the command that reports what
 * runs there, one {@code SYSTEM REVISION} line per system (a commit id, or an artifact digest such
 * as {@code sha256:...}).
 *
 * <pre>
 * running:
 *   production:
 *     command: "curl -fsS https://router.prod.internal/version"
 *     interval: 60s      # the team server runs it this often (default: never by itself)
 * </pre>
 */
public record RunningConfig(Map<String, String> commands, Map<String, Duration> intervals) {
  /** The shortest interval a server polls at. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  public RunningConfig {
    commands = Map.copyOf(commands);
    intervals = Map.copyOf(intervals);
  }

  public RunningConfig(Map<String, String> commands) {
    this(commands, Map.of());
  }

  public static RunningConfig load(Path root) {
    Path file = root.resolve(ConfigLoader.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return new RunningConfig(Map.of());
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), ConfigLoader.FILE_NAME);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
    }
  }

  public static RunningConfig parse(String text, String label) {
    Optional<YamlValue> parsed = ConfigLoader.compose(text, label);
    if (parsed.isEmpty()) {
      return new RunningConfig(Map.of());
    }
    Map<String, YamlValue> top = parsed.get().mapping(null);
    Map<String, String> commands = new LinkedHashMap<>();
    Map<String, Duration> intervals = new LinkedHashMap<>();
    Optional<YamlValue> running = YamlValue.get(top, "running");
    if (running.isPresent() && !running.get().isNull()) {
      for (Map.Entry<String, YamlValue> environment : running.get().mapping(null).entrySet()) {
        Map<String, YamlValue> fields =
            environment.getValue().mapping(Set.of("command", "interval"));
        YamlValue command =
            YamlValue.get(fields, "command")
                .orElseThrow(
                    () ->
                        environment
                            .getValue()
                            .error("running." + environment.getKey() + " needs a 'command'"));
        if (command.string().isBlank()) {
          throw command.error("running." + environment.getKey() + ".command is empty");
        }
        commands.put(environment.getKey(), command.string());
        Optional<YamlValue> interval = YamlValue.get(fields, "interval");
        if (interval.isPresent() && !interval.get().isNull()) {
          String given = interval.get().string();
          Duration every =
              io.changetrail.domain.deploy.DurationText.parse(given)
                  .filter(d -> d.compareTo(MIN_INTERVAL) >= 0)
                  .orElseThrow(
                      () ->
                          interval
                              .get()
                              .error(
                                  "running."
                                      + environment.getKey()
                                      + ".interval '"
                                      + given
                                      + "' is not a duration of at least 1s (e.g. 30s, 5m)"));
          intervals.put(environment.getKey(), every);
        }
      }
    }
    return new RunningConfig(commands, intervals);
  }

  /** The command of {@code environment}, if one is configured. */
  public Optional<String> command(String environment) {
    return Optional.ofNullable(commands.get(environment));
  }
}
