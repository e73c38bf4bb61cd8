package io.changetrail.app.init;

import io.changetrail.app.Workspace;
import io.changetrail.app.config.ConfigLoader;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.RiskModel;
import io.changetrail.domain.assess.SensitivePathRule;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.domain.system.SystemDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The use case "write a starting changetrail.yml" from the systems discovered in the build. */
public final class InitConfig {
  /** How many recent commits each built-in rule is tried on. */
  public static final int HISTORY = 500;

  /** A rule firing on more than this share of the recent commits is noise here. */
  public static final double NOISY_SHARE = 0.20;

  private final Workspace workspace;
  private List<RuleShare> shares;

  public InitConfig(Workspace workspace) {
    this.workspace = workspace;
  }

  /**
   * How often a built-in rule fired on the repository's recent commits.
   *
   * @param fired commits with at least one file matching the rule
   * @param commits commits tried
   */
  public record RuleShare(String rule, int fired, int commits) {
    public double share() {
      return commits == 0 ? 0 : (double) fired / commits;
    }

    public boolean noisy() {
      return commits >= 20 && share() > NOISY_SHARE;
    }

    public String percent() {
      return Math.round(share() * 100) + "%";
    }
  }

  /**
   * Tries every built-in sensitive-path rule on the last {@value #HISTORY} commits of HEAD (one
   * {@code git log}); empty when there are no commits. Computed once.
   */
  public List<RuleShare> ruleShares() {
    if (shares != null) {
      return shares;
    }
    List<SensitivePathRule> rules = SensitivePathRule.defaults();
    int[] fired = new int[rules.size()];
    int[] commits = {0};
    if (workspace.git().hasCommits()) {
      workspace
          .git()
          .eachCommit(
              "HEAD",
              HISTORY,
              change -> {
                commits[0]++;
                List<String> paths = new java.util.ArrayList<>();
                for (var file : change.files()) {
                  paths.add(file.path());
                  if (file.oldPath() != null) {
                    paths.add(file.oldPath());
                  }
                }
                for (int i = 0; i < rules.size(); i++) {
                  if (rules.get(i).matchesAny(paths)) {
                    fired[i]++;
                  }
                }
              },
              skipped -> {});
    }
    List<RuleShare> out = new java.util.ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      out.add(new RuleShare(rules.get(i).name(), fired[i], commits[0]));
    }
    shares = List.copyOf(out);
    return shares;
  }

  /** The configuration text, with the discovered systems and every default commented. */
  public String render() {
    SystemCatalog catalog = workspace.catalog();
    StringBuilder out = new StringBuilder();
    out.append(
        "# yaml-language-server: $schema=https://changetrail.io/schema/changetrail.schema.json\n");
    out.append(
        "# ChangeTrail configuration. Every key is optional; defaults are shown commented.\n");
    out.append(
        "# JSON Schema for editors: docs/changetrail.schema.json in the ChangeTrail sources.\n");
    out.append("version: 1\n\n");
    out.append(
        "# Systems: the parts of this repository that are built, tested, deployed and owned\n");
    out.append("# as one. Discovered from ").append(catalog.source()).append(".\n");
    out.append("# tier: 1 = most critical (order routing, risk checks) ... 4 = least.\n");
    out.append(
        "# Dependencies between Maven/Gradle/npm/Go modules are also read from the build.\n");
    if (catalog.systems().isEmpty()) {
      out.append("systems: {}\n");
    } else {
      out.append("systems:\n");
      for (SystemDefinition system : catalog.systems()) {
        out.append("  ").append(system.name()).append(":\n");
        out.append("    paths: ").append(list(system.paths())).append('\n');
        out.append("    tier: ").append(system.tier()).append('\n');
        out.append("    owners: []          # people or teams, e.g. [\"@trading-core\"]\n");
        if (system.tests().isEmpty()) {
          out.append("    tests: []           # commands that test this system\n");
        } else {
          out.append("    tests: ").append(list(system.tests())).append('\n');
        }
        out.append("    # rollback: \"redeploy the previous release\"\n");
        out.append("    # latency_critical: true   # adds performance tests (default: tier 1)\n");
        if (!system.dependsOn().isEmpty()) {
          out.append("    # depends_on (from the build): ")
              .append(String.join(", ", system.dependsOn()))
              .append('\n');
        }
      }
    }
    out.append("\n# Files in no system get this tier.\n# default_tier: 4\n");
    out.append(
        "\n# Branch that --branch compares with (default: origin's HEAD, main or master).\n");
    out.append("# default_branch: main\n");
    out.append(
        "\n# Sensitive paths add risk, testing and rollback requirements. Built-in rules:\n");
    for (SensitivePathRule rule : SensitivePathRule.defaults()) {
      out.append("#   ")
          .append(rule.name())
          .append(" (+")
          .append(rule.weight())
          .append(", rollback ")
          .append(rule.rollback())
          .append("): ")
          .append(String.join(" ", rule.patterns()))
          .append('\n');
    }
    List<RuleShare> noisy = ruleShares().stream().filter(RuleShare::noisy).toList();
    out.append("sensitive_paths:\n");
    if (noisy.isEmpty()) {
      out.append("  replace_defaults: false\n");
      out.append("  rules: []\n");
    } else {
      out.append("  # Tried on the last ")
          .append(noisy.get(0).commits())
          .append(" commits, these built-in rules fired on more than ")
          .append(Math.round(NOISY_SHARE * 100))
          .append("% of them:\n");
      for (RuleShare share : noisy) {
        out.append("  #   ")
            .append(share.rule())
            .append(": ")
            .append(share.fired())
            .append(" commits (")
            .append(share.percent())
            .append(")\n");
      }
      out.append("  # A rule that fires on most changes is noise: they are left out below,\n");
      out.append("  # commented. Uncomment one (or narrow its patterns) to keep it.\n");
      out.append("  replace_defaults: true\n");
      out.append("  rules:\n");
      for (SensitivePathRule rule : SensitivePathRule.defaults()) {
        boolean drop = noisy.stream().anyMatch(n -> n.rule().equals(rule.name()));
        String prefix = drop ? "  # " : "  ";
        out.append(prefix).append("- name: ").append(rule.name()).append('\n');
        out.append(prefix)
            .append("  description: ")
            .append(quoted(rule.description()))
            .append('\n');
        out.append(prefix).append("  patterns: ").append(list(rule.patterns())).append('\n');
        out.append(prefix).append("  weight: ").append(rule.weight()).append('\n');
        out.append(prefix).append("  rollback: ").append(rule.rollback()).append('\n');
        if (!rule.rollbackReason().isEmpty()) {
          out.append(prefix)
              .append("  rollback_reason: ")
              .append(quoted(rule.rollbackReason()))
              .append('\n');
        }
        if (!rule.test().isEmpty()) {
          out.append(prefix).append("  test: ").append(quoted(rule.test())).append('\n');
        }
      }
    }
    out.append("  # - name: pricing-models\n");
    out.append("  #   description: pricing model parameters\n");
    out.append("  #   patterns: [\"pricing/**/models/*.json\"]\n");
    out.append("  #   weight: 25\n");
    out.append("  #   rollback: MEDIUM\n");
    out.append("  #   rollback_reason: restore the previous model file and reload\n");
    out.append("  #   test: Backtest the model on last week's market data\n");
    out.append(
        "\n# Risk score: the sum of the factors' weights (the built-in defaults below; a model\n");
    out.append(
        "# written by 'changetrail calibrate' replaces them). The thresholds put about a tenth\n");
    out.append("# of real repositories' commits at HIGH and a third at MEDIUM or above.\n");
    out.append("# risk:\n");
    out.append(
        "#   thresholds: {medium: "
            + RiskModel.MEDIUM_THRESHOLD
            + ", high: "
            + RiskModel.HIGH_THRESHOLD
            + "}\n");
    out.append("#   weights:\n");
    out.append("#     tier: {1: 50, 2: 30, 3: 10, 4: 0}\n");
    out.append("#     type: {SECURITY: 20, INTEGRATION: 15, FEATURE: 10, BUGFIX: 10,\n");
    out.append("#            CONFIGURATION: 5, ENHANCEMENT: 5, CLEANUP: 0, GENERAL: 0}\n");
    out.append("#     size_per_doubling: 30\n#     size_unit_lines: 10\n#     max_size: 300\n");
    out.append("#     deleted_lines_percent: 0\n");
    out.append("#     per_extra_system: 8\n#     max_breadth: 24\n");
    out.append("#     per_dependent_system: 5\n#     max_dependents: 15\n");
    out.append("#     untested_production_change: 0\n#     deleted_files: 5\n");
    out.append("#     breaking_change: 15\n");
    return out.toString();
  }

  /**
   * Writes changetrail.yml at the repository root, atomically; refuses to replace an existing one
   * unless {@code force}.
   */
  public Path write(boolean force) {
    Path target = workspace.git().root().resolve(ConfigLoader.FILE_NAME);
    if (Files.exists(target) && !force) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          target + " already exists",
          "use --force to replace it, or --stdout to print the proposal");
    }
    String text = render();
    // check that what we write is what we read
    new ConfigLoader().parse(target, text, ConfigLoader.FILE_NAME);
    try {
      Path temp = Files.createTempFile(target.getParent(), ".changetrail", ".yml.tmp");
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write " + target + ": " + e.getMessage(), "check the permissions");
    }
    return target;
  }

  private static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String list(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return out.append(']').toString();
  }
}
