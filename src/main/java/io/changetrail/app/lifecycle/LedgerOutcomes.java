package io.changetrail.app.lifecycle;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.config.ConfigLoader;
import io.changetrail.app.config.YamlValue;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.lifecycle.FailedChanges;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The commits of changes that failed in production, from the ledger: read only when a ledger exists
 * (an absent SQLite file is not created just to find it empty). Production is the environments
 * named by changetrail.yml's {@code risk.production_environments} ({@link #DEFAULT_PRODUCTION} when
 * it is not written).
 */
public final class LedgerOutcomes {
  /** The production environments when changetrail.yml names none (the metrics' default names). */
  public static final List<String> DEFAULT_PRODUCTION = List.of("prod", "production");

  private LedgerOutcomes() {}

  /**
   * What the ledger says.
   *
   * @param commits the commits of the changes that failed in production
   * @param production the environments taken for production
   */
  public record Outcomes(Set<String> commits, List<String> production) {
    public Outcomes {
      commits = Set.copyOf(commits);
      production = List.copyOf(production);
    }
  }

  public static Outcomes read(Workspace workspace, Optional<String> ledger) {
    List<String> production = productionEnvironments(workspace.git().root());
    String url = LedgerLocation.resolve(ledger, workspace.git());
    if (url.startsWith("jdbc:sqlite:")) {
      Path file = Path.of(url.substring("jdbc:sqlite:".length()));
      if (!Files.isRegularFile(file)) {
        return new Outcomes(Set.of(), production);
      }
    }
    try (LedgerStore store = LedgerStore.open(url)) {
      Lifecycle lifecycle =
          new Lifecycle(workspace, store, () -> new Person("calibrate", ""), Clock.systemUTC());
      return new Outcomes(
          FailedChanges.commits(lifecycle.ledger().changes(), Set.copyOf(production)), production);
    }
  }

  /** {@code risk.production_environments} of {@code <root>/changetrail.yml}, else the default. */
  public static List<String> productionEnvironments(Path root) {
    Path file = root.resolve(ConfigLoader.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return DEFAULT_PRODUCTION;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
    }
    Optional<YamlValue> parsed =
        YamlValue.parse(
            text,
            ConfigLoader.FILE_NAME,
            Problem.INVALID_CONFIG,
            "fix " + ConfigLoader.FILE_NAME + " (its JSON Schema is docs/changetrail.schema.json)");
    if (parsed.isEmpty() || parsed.get().isNull()) {
      return DEFAULT_PRODUCTION;
    }
    Map<String, YamlValue> top = parsed.get().mapping(null);
    Optional<YamlValue> risk = YamlValue.get(top, "risk");
    if (risk.isEmpty() || risk.get().isNull()) {
      return DEFAULT_PRODUCTION;
    }
    Optional<YamlValue> names = YamlValue.get(risk.get().mapping(null), "production_environments");
    if (names.isEmpty() || names.get().isNull()) {
      return DEFAULT_PRODUCTION;
    }
    Set<String> production = new LinkedHashSet<>();
    for (String name : names.get().stringList()) {
      if (name.isBlank()) {
        throw names.get().error("risk.production_environments names an empty environment");
      }
      production.add(name.strip());
    }
    return List.copyOf(production);
  }
}
