package io.changetrail.app.config;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.lifecycle.ApprovalPolicy;
import io.changetrail.domain.lifecycle.BlackoutWindow;
import io.changetrail.domain.lifecycle.StandardChange;
import io.changetrail.domain.lifecycle.VerificationCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The change-control settings of changetrail.yml: approval policy, emergency window, verification
 * checks, blackout windows and standard-change templates, with defaults for what is left out.
 *
 * @param checksConfigured whether {@code verification.checks} is written at all; when it is not,
 *     verify runs the test commands of each affected system of the catalog instead
 * @param documentedBeforeApproval {@code approvals.require_documentation} (default true): a normal
 *     change is approved and deployed only when its committed documents cover its documentation
 *     plan
 * @param signedDecisions {@code approvals.require_signatures} (default false): decisions made on
 *     the command line must be signed (git's {@code gpg.format ssh} and {@code user.signingkey})
 */
public record LifecycleConfig(
    ApprovalPolicy approvals,
    List<VerificationCheck> checks,
    List<BlackoutWindow> blackouts,
    List<StandardChange> standardChanges,
    boolean checksConfigured,
    boolean documentedBeforeApproval,
    boolean signedDecisions) {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  public LifecycleConfig {
    checks = List.copyOf(checks);
    blackouts = List.copyOf(blackouts);
    standardChanges = List.copyOf(standardChanges);
  }

  public static LifecycleConfig defaults() {
    return new LifecycleConfig(
        ApprovalPolicy.defaults(), List.of(), List.of(), List.of(), false, true, false);
  }

  /** Reads the lifecycle sections of {@code <root>/changetrail.yml}; defaults when absent. */
  public static LifecycleConfig load(Path root) {
    Path file = root.resolve(ConfigLoader.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return defaults();
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
    }
    return parse(text, ConfigLoader.FILE_NAME);
  }

  public static LifecycleConfig parse(String text, String label) {
    Optional<YamlValue> parsed = ConfigLoader.compose(text, label);
    if (parsed.isEmpty()) {
      return defaults();
    }
    YamlValue document = parsed.get();
    Map<String, YamlValue> top = document.mapping(null);
    ApprovalPolicy defaults = ApprovalPolicy.defaults();
    Map<Level, Integer> required = new EnumMap<>(Level.class);
    required.putAll(defaults.required());
    List<ApprovalPolicy.ApproverRule> approvers = new ArrayList<>();
    boolean documented = true;
    boolean signed = false;
    Optional<YamlValue> approvalsValue = YamlValue.get(top, "approvals");
    if (approvalsValue.isPresent()) {
      Map<String, YamlValue> approvals =
          approvalsValue
              .get()
              .mapping(
                  Set.of("required", "approvers", "require_documentation", "require_signatures"));
      documented =
          YamlValue.get(approvals, "require_documentation").map(YamlValue::bool).orElse(true);
      signed = YamlValue.get(approvals, "require_signatures").map(YamlValue::bool).orElse(false);
      Optional<YamlValue> requiredValue = YamlValue.get(approvals, "required");
      if (requiredValue.isPresent()) {
        for (Map.Entry<String, YamlValue> entry :
            requiredValue.get().mapping(Set.of("LOW", "MEDIUM", "HIGH")).entrySet()) {
          required.put(Level.valueOf(entry.getKey()), entry.getValue().integer(0, 10));
        }
      }
      for (YamlValue rule :
          YamlValue.get(approvals, "approvers").map(YamlValue::sequence).orElse(List.of())) {
        Map<String, YamlValue> fields = rule.mapping(Set.of("people", "systems", "tiers"));
        List<String> people =
            YamlValue.get(fields, "people")
                .map(YamlValue::stringList)
                .orElseThrow(() -> rule.error("an approver rule needs 'people'"));
        List<Integer> tiers = new ArrayList<>();
        YamlValue.get(fields, "tiers")
            .ifPresent(t -> t.sequence().forEach(v -> tiers.add(v.integer(1, 4))));
        approvers.add(
            new ApprovalPolicy.ApproverRule(
                people,
                YamlValue.get(fields, "systems").map(YamlValue::stringList).orElse(List.of()),
                tiers));
      }
    }
    Duration window = defaults.emergencyWindow();
    Optional<YamlValue> emergencyValue = YamlValue.get(top, "emergency");
    if (emergencyValue.isPresent()) {
      Map<String, YamlValue> emergency = emergencyValue.get().mapping(Set.of("approve_within"));
      Optional<YamlValue> within = YamlValue.get(emergency, "approve_within");
      if (within.isPresent()) {
        window = duration(within.get());
      }
    }

    List<VerificationCheck> checks = new ArrayList<>();
    boolean checksConfigured = false;
    Optional<YamlValue> verificationValue = YamlValue.get(top, "verification");
    if (verificationValue.isPresent()) {
      Map<String, YamlValue> verification = verificationValue.get().mapping(Set.of("checks"));
      checksConfigured = YamlValue.get(verification, "checks").isPresent();
      for (YamlValue check :
          YamlValue.get(verification, "checks").map(YamlValue::sequence).orElse(List.of())) {
        Map<String, YamlValue> fields =
            check.mapping(Set.of("name", "kind", "run", "min_risk", "systems", "timeout"));
        String run =
            YamlValue.get(fields, "run")
                .map(YamlValue::string)
                .orElseThrow(() -> check.error("a check needs 'run' (the command)"));
        checks.add(
            new VerificationCheck(
                YamlValue.get(fields, "name").map(YamlValue::string).orElse(run),
                YamlValue.get(fields, "kind").map(YamlValue::string).orElse("test"),
                run,
                YamlValue.get(fields, "min_risk")
                    .map(v -> v.enumValue(Level.class))
                    .orElse(Level.LOW),
                YamlValue.get(fields, "systems").map(YamlValue::stringList).orElse(List.of()),
                YamlValue.get(fields, "timeout")
                    .map(LifecycleConfig::duration)
                    .orElse(Duration.ofMinutes(30))));
      }
    }

    List<BlackoutWindow> blackouts = new ArrayList<>();
    for (YamlValue window1 :
        YamlValue.get(top, "blackout_windows").map(YamlValue::sequence).orElse(List.of())) {
      Map<String, YamlValue> fields =
          window1.mapping(Set.of("name", "days", "from", "to", "timezone", "environments"));
      Set<DayOfWeek> days = new HashSet<>();
      for (String day :
          YamlValue.get(fields, "days").map(YamlValue::stringList).orElse(List.of())) {
        days.add(day(fields.get("days"), day));
      }
      blackouts.add(
          new BlackoutWindow(
              YamlValue.get(fields, "name").map(YamlValue::string).orElse("blackout"),
              days,
              time(fields, "from", window1),
              time(fields, "to", window1),
              zone(fields),
              YamlValue.get(fields, "environments").map(YamlValue::stringList).orElse(List.of())));
    }

    List<StandardChange> standards = new ArrayList<>();
    for (YamlValue template :
        YamlValue.get(top, "standard_changes").map(YamlValue::sequence).orElse(List.of())) {
      Map<String, YamlValue> fields =
          template.mapping(Set.of("name", "description", "paths", "max_risk"));
      standards.add(
          new StandardChange(
              YamlValue.get(fields, "name")
                  .map(YamlValue::string)
                  .orElseThrow(() -> template.error("a standard change needs a 'name'")),
              YamlValue.get(fields, "description").map(YamlValue::string).orElse(""),
              YamlValue.get(fields, "paths")
                  .map(YamlValue::stringList)
                  .orElseThrow(() -> template.error("a standard change needs 'paths'")),
              YamlValue.get(fields, "max_risk")
                  .map(v -> v.enumValue(Level.class))
                  .orElse(Level.LOW)));
    }
    return new LifecycleConfig(
        new ApprovalPolicy(required, approvers, window),
        checks,
        blackouts,
        standards,
        checksConfigured,
        documented,
        signed);
  }

  static Duration duration(YamlValue value) {
    Matcher m = DURATION.matcher(value.string().strip());
    if (!m.matches()) {
      throw value.error(
          "expected a duration such as 500ms, 30s, 5m, 24h or 2d, found '" + value.string() + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static DayOfWeek day(YamlValue where, String text) {
    String upper = text.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
        return day;
      }
    }
    throw where.error("'" + text + "' is not a day (MON, TUE, ... or MONDAY ...)");
  }

  private static LocalTime time(Map<String, YamlValue> fields, String key, YamlValue owner) {
    YamlValue value =
        YamlValue.get(fields, key)
            .orElseThrow(() -> owner.error("a blackout window needs '" + key + "' (HH:MM)"));
    try {
      return LocalTime.parse(value.string().strip());
    } catch (DateTimeException e) {
      throw value.error("expected a time of day HH:MM, found '" + value.string() + "'");
    }
  }

  private static ZoneId zone(Map<String, YamlValue> fields) {
    Optional<YamlValue> value = YamlValue.get(fields, "timezone");
    if (value.isEmpty()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(value.get().string().strip());
    } catch (DateTimeException e) {
      throw value
          .get()
          .error("unknown time zone '" + value.get().string() + "' (e.g. Europe/London)");
    }
  }
}
