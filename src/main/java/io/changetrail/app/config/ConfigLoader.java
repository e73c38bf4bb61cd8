package io.changetrail.app.config;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.assess.RiskModel;
import io.changetrail.domain.assess.SensitivePathRule;
import io.changetrail.domain.system.PathGlob;
import io.changetrail.domain.system.SystemDefinition;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads changetrail.yml, checking every key and value and naming file:line:column on error. */
public final class ConfigLoader {
  public static final String FILE_NAME = "changetrail.yml";

  /** Top-level sections that later features read; accepted here so that typos are still caught. */
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "version",
          "systems",
          "sensitive_paths",
          "risk",
          "default_tier",
          "default_branch",
          "lint",
          "changelog",
          "approvals",
          "verification",
          "blackout_windows",
          "standard_changes",
          "ledger",
          "emergency",
          "aliases",
          "audit",
          "running",
          "forge");

  private static final Set<String> SYSTEM_KEYS =
      Set.of(
          "paths",
          "tier",
          "owners",
          "tests",
          "rollback",
          "latency_critical",
          "depends_on",
          "description");
  private static final Set<String> SENSITIVE_KEYS = Set.of("replace_defaults", "rules");
  private static final Set<String> RULE_KEYS =
      Set.of("name", "description", "patterns", "weight", "rollback", "rollback_reason", "test");
  private static final Set<String> RISK_KEYS =
      Set.of("thresholds", "weights", "production_environments");
  private static final Set<String> THRESHOLD_KEYS = Set.of("medium", "high");
  private static final Set<String> WEIGHT_KEYS =
      Set.of(
          "tier",
          "type",
          "medium_size_lines",
          "medium_size",
          "large_size_lines",
          "large_size",
          "size_per_doubling",
          "deleted_lines_percent",
          "size_unit_lines",
          "max_size",
          "per_extra_system",
          "max_breadth",
          "per_dependent_system",
          "max_dependents",
          "untested_production_change",
          "deleted_files",
          "breaking_change");

  /** Loads {@code changetrail.yml} from the repository root, or the defaults when there is none. */
  public ProjectConfig load(Path repositoryRoot) {
    Path file = repositoryRoot.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return ProjectConfig.defaults();
    }
    return parse(file, read(file), FILE_NAME);
  }

  static String read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ChangeTrailException(
          Problem.INVALID_CONFIG, file.getFileName() + " is not valid UTF-8", "save it as UTF-8");
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
    }
  }

  /** Parses configuration text; {@code label} names the file in messages. */
  public ProjectConfig parse(Path file, String text, String label) {
    Optional<YamlValue> parsed = compose(text, label);
    if (parsed.isEmpty()) {
      return withFile(ProjectConfig.defaults(), file);
    }
    YamlValue document = parsed.get();
    Map<String, YamlValue> top = document.mapping(TOP_LEVEL);
    YamlValue.get(top, "version")
        .ifPresent(
            v -> {
              if (v.integer(1, Integer.MAX_VALUE) != 1) {
                throw v.error("this ChangeTrail reads configuration version 1");
              }
            });
    int defaultTier = YamlValue.get(top, "default_tier").map(v -> v.integer(1, 4)).orElse(4);
    Optional<List<SystemDefinition>> systems =
        YamlValue.get(top, "systems").map(ConfigLoader::systems);
    List<SensitivePathRule> rules =
        YamlValue.get(top, "sensitive_paths")
            .map(ConfigLoader::sensitivePaths)
            .orElse(SensitivePathRule.defaults());
    RiskModel risk =
        YamlValue.get(top, "risk").map(ConfigLoader::risk).orElse(RiskModel.defaults());
    YamlValue.get(top, "forge").ifPresent(ForgeConfig::of); // checked for every command
    Optional<String> defaultBranch =
        YamlValue.get(top, "default_branch").map(YamlValue::string).map(String::strip);
    return new ProjectConfig(
        Optional.ofNullable(file),
        systems,
        rules,
        risk,
        defaultTier,
        defaultBranch,
        DocumentationConfigLoader.vocabulary(top));
  }

  /**
   * The systems a changetrail.yml text declares (empty when it declares none), as a committed
   * version of the file gives them: only its {@code systems} section is read, so a file that an
   * older or newer ChangeTrail wrote with other keys still gives its systems. Throws when that
   * section (or the YAML itself) cannot be read; {@code label} names the file in the message.
   */
  public Optional<List<SystemDefinition>> systemsOf(String text, String label) {
    Optional<YamlValue> parsed = compose(text, label);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    return YamlValue.get(parsed.get().mapping(null), "systems").map(ConfigLoader::systems);
  }

  /** The root node of a YAML text, empty when the text holds no document. */
  static Optional<YamlValue> compose(String text, String label) {
    return YamlValue.parse(
            text,
            label,
            Problem.INVALID_CONFIG,
            "fix " + label + " (its JSON Schema is docs/changetrail.schema.json)")
        .map(value -> value.rooted("config"));
  }

  private static ProjectConfig withFile(ProjectConfig config, Path file) {
    return new ProjectConfig(
        Optional.ofNullable(file),
        config.systems(),
        config.sensitivePaths(),
        config.riskModel(),
        config.defaultTier(),
        config.defaultBranch(),
        config.vocabulary());
  }

  private static List<SystemDefinition> systems(YamlValue value) {
    Map<String, YamlValue> entries = value.mapping(null);
    List<SystemDefinition> systems = new ArrayList<>();
    for (Map.Entry<String, YamlValue> entry : entries.entrySet()) {
      String name = entry.getKey();
      YamlValue system = entry.getValue();
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw system.error(
            "system names are letters, digits, '.', '_' and '-', starting with a letter or digit");
      }
      Map<String, YamlValue> fields = system.mapping(SYSTEM_KEYS);
      YamlValue pathsValue =
          YamlValue.get(fields, "paths")
              .orElseThrow(() -> system.error("a system needs 'paths' (path patterns)"));
      List<String> paths = pathsValue.stringList();
      if (paths.isEmpty()) {
        throw pathsValue.error("a system needs at least one path pattern");
      }
      for (String pattern : paths) {
        checkPattern(pathsValue, pattern);
      }
      systems.add(
          new SystemDefinition(
              name,
              paths,
              YamlValue.get(fields, "tier").map(v -> v.integer(1, 4)).orElse(3),
              YamlValue.get(fields, "owners").map(YamlValue::stringList).orElse(List.of()),
              YamlValue.get(fields, "tests").map(YamlValue::stringList).orElse(List.of()),
              YamlValue.get(fields, "rollback").map(YamlValue::string).orElse(""),
              YamlValue.get(fields, "latency_critical")
                  .map(YamlValue::bool)
                  .orElse(
                      YamlValue.get(fields, "tier").map(v -> v.integer(1, 4) == 1).orElse(false)),
              YamlValue.get(fields, "depends_on").map(YamlValue::stringList).orElse(List.of())));
    }
    Set<String> names = new HashSet<>(entries.keySet());
    for (Map.Entry<String, YamlValue> entry : entries.entrySet()) {
      Map<String, YamlValue> fields = entry.getValue().mapping(SYSTEM_KEYS);
      Optional<YamlValue> dependsOn = YamlValue.get(fields, "depends_on");
      if (dependsOn.isPresent()) {
        for (String dependency : dependsOn.get().stringList()) {
          if (!names.contains(dependency)) {
            throw dependsOn.get().error("'" + dependency + "' is not a system of this file");
          }
        }
      }
    }
    return systems;
  }

  private static void checkPattern(YamlValue where, String pattern) {
    try {
      PathGlob.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw where.error(e.getMessage());
    }
  }

  private static List<SensitivePathRule> sensitivePaths(YamlValue value) {
    Map<String, YamlValue> fields = value.mapping(SENSITIVE_KEYS);
    boolean replace = YamlValue.get(fields, "replace_defaults").map(YamlValue::bool).orElse(false);
    List<SensitivePathRule> rules =
        new ArrayList<>(replace ? List.of() : SensitivePathRule.defaults());
    for (YamlValue ruleValue :
        YamlValue.get(fields, "rules").map(YamlValue::sequence).orElse(List.of())) {
      Map<String, YamlValue> rule = ruleValue.mapping(RULE_KEYS);
      String name =
          YamlValue.get(rule, "name")
              .map(YamlValue::string)
              .orElseThrow(() -> ruleValue.error("a rule needs a 'name'"));
      YamlValue patternsValue =
          YamlValue.get(rule, "patterns")
              .orElseThrow(() -> ruleValue.error("a rule needs 'patterns'"));
      List<String> patterns = patternsValue.stringList();
      patterns.forEach(p -> checkPattern(patternsValue, p));
      SensitivePathRule parsed =
          new SensitivePathRule(
              name,
              YamlValue.get(rule, "description").map(YamlValue::string).orElse(name),
              patterns,
              YamlValue.get(rule, "weight").map(v -> v.integer(-100, 100)).orElse(20),
              YamlValue.get(rule, "rollback").map(v -> v.enumValue(Level.class)).orElse(Level.LOW),
              YamlValue.get(rule, "rollback_reason").map(YamlValue::string).orElse(name),
              YamlValue.get(rule, "test").map(YamlValue::string).orElse(""));
      rules.removeIf(existing -> existing.name().equals(name));
      rules.add(parsed);
    }
    return rules;
  }

  private static RiskModel risk(YamlValue value) {
    RiskModel defaults = RiskModel.defaults();
    Map<String, YamlValue> fields = value.mapping(RISK_KEYS);
    // read by calibrate (app/risk/LedgerOutcomes); checked here so that a wrong value fails early
    YamlValue.get(fields, "production_environments").ifPresent(YamlValue::stringList);
    int medium = defaults.mediumThreshold();
    int high = defaults.highThreshold();
    Optional<YamlValue> thresholdsValue = YamlValue.get(fields, "thresholds");
    if (thresholdsValue.isPresent()) {
      Map<String, YamlValue> thresholds = thresholdsValue.get().mapping(THRESHOLD_KEYS);
      medium = YamlValue.get(thresholds, "medium").map(v -> v.integer(0, 10_000)).orElse(medium);
      high = YamlValue.get(thresholds, "high").map(v -> v.integer(0, 10_000)).orElse(high);
      if (medium > high) {
        throw thresholdsValue
            .get()
            .error("medium (" + medium + ") must not be above high (" + high + ")");
      }
    }
    Map<String, YamlValue> weights =
        YamlValue.get(fields, "weights").map(v -> v.mapping(WEIGHT_KEYS)).orElse(Map.of());
    List<Integer> tiers = new ArrayList<>(defaults.tierWeights());
    Optional<YamlValue> tierValue = YamlValue.get(weights, "tier");
    if (tierValue.isPresent()) {
      for (Map.Entry<String, YamlValue> tier :
          tierValue.get().mapping(Set.of("1", "2", "3", "4")).entrySet()) {
        tiers.set(Integer.parseInt(tier.getKey()) - 1, tier.getValue().integer(-100, 1000));
      }
    }
    Map<ChangeType, Integer> types = new EnumMap<>(ChangeType.class);
    types.putAll(defaults.typeWeights());
    Optional<YamlValue> typeValue = YamlValue.get(weights, "type");
    if (typeValue.isPresent()) {
      Set<String> typeNames = new HashSet<>();
      for (ChangeType type : ChangeType.values()) {
        typeNames.add(type.name());
      }
      for (Map.Entry<String, YamlValue> type : typeValue.get().mapping(typeNames).entrySet()) {
        types.put(ChangeType.valueOf(type.getKey()), type.getValue().integer(-100, 1000));
      }
    }
    return new RiskModel(
        tiers,
        types,
        weight(weights, "medium_size_lines", defaults.mediumSizeLines()),
        weight(weights, "medium_size", defaults.mediumSizeWeight()),
        weight(weights, "large_size_lines", defaults.largeSizeLines()),
        weight(weights, "large_size", defaults.largeSizeWeight()),
        weight(weights, "size_per_doubling", defaults.sizePerDoubling()),
        weight(weights, "size_unit_lines", defaults.sizeUnitLines()),
        percent(weights, "deleted_lines_percent", defaults.deletedLinesPercent()),
        weight(weights, "max_size", defaults.maxSize()),
        weight(weights, "per_extra_system", defaults.perExtraSystem()),
        weight(weights, "max_breadth", defaults.maxBreadth()),
        weight(weights, "per_dependent_system", defaults.perDependentSystem()),
        weight(weights, "max_dependents", defaults.maxDependents()),
        weight(weights, "untested_production_change", defaults.untestedProductionChange()),
        weight(weights, "deleted_files", defaults.deletedFiles()),
        weight(weights, "breaking_change", defaults.breakingChange()),
        medium,
        high);
  }

  private static int percent(Map<String, YamlValue> weights, String key, int fallback) {
    return YamlValue.get(weights, key).map(v -> v.integer(0, 100)).orElse(fallback);
  }

  private static int weight(Map<String, YamlValue> weights, String key, int fallback) {
    return YamlValue.get(weights, key).map(v -> v.integer(-1000, 1_000_000)).orElse(fallback);
  }
}
