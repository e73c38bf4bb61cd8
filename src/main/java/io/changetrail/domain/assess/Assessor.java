package io.changetrail.domain.assess;

import io.changetrail.domain.assess.TestingRequirement.TestKind;
import io.changetrail.domain.change.ChangeSet;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import io.changetrail.domain.system.FileKind;
import io.changetrail.domain.system.PathGlob;
import io.changetrail.domain.system.SystemDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assesses a change against a policy: the methodology's assess_change_impact. Pure: no I/O, the
 * same change set and policy always give an equal {@link Assessment}.
 */
public final class Assessor {
  /** The name under which files that belong to no system are grouped. */
  public static final String UNASSIGNED = "(unassigned)";

  private static final int LISTED_PATHS = 3;

  private final AssessmentPolicy policy;
  private final ChangeClassifier classifier = new ChangeClassifier();
  private final List<CompiledRule> rules;

  public Assessor(AssessmentPolicy policy) {
    this.policy = policy;
    this.rules = policy.sensitivePaths().stream().map(r -> new CompiledRule(r, r.globs())).toList();
  }

  private record CompiledRule(SensitivePathRule rule, List<PathGlob> globs) {
    boolean matches(FileChange file) {
      for (PathGlob glob : globs) {
        if (glob.matches(file.path()) || (file.oldPath() != null && glob.matches(file.oldPath()))) {
          return true;
        }
      }
      return false;
    }
  }

  /** Tallies of one directly affected system while files are read. */
  private static final class SystemTally {
    final String name;
    final int tier;
    final List<String> owners;
    final List<String> paths = new ArrayList<>();
    int files;
    int lines;
    boolean production;

    SystemTally(String name, int tier, List<String> owners) {
      this.name = name;
      this.tier = tier;
      this.owners = owners;
    }
  }

  public Assessment assess(ChangeSet change) {
    return assess(change, null);
  }

  /**
   * Assesses a change with a calibrated risk model: the level, score and factors come from {@code
   * learned} (the model applied to the change's features against its repository's past), completed
   * with ChangeTrail's own factors. Null: the built-in score.
   */
  public Assessment assess(ChangeSet change, LearnedRisk learned) {
    List<FileChange> files = change.files();
    Classification classification =
        classifier.classify(change.description(), files, policy.vocabulary());
    ChangeStats stats = statsOf(files);

    Map<String, SystemTally> direct = new LinkedHashMap<>();
    Map<CompiledRule, List<String>> sensitiveHits = new LinkedHashMap<>();
    int productionFiles = 0;
    int testFiles = 0;
    int deletedProduction = 0;
    int productionLines = 0;
    for (FileChange file : files) {
      FileKind kind = FileKind.of(file.path());
      Optional<SystemDefinition> system = policy.catalog().systemOf(file.path());
      SystemTally tally =
          direct.computeIfAbsent(
              system.map(SystemDefinition::name).orElse(UNASSIGNED),
              name ->
                  new SystemTally(
                      name,
                      system.map(SystemDefinition::tier).orElse(policy.defaultTier()),
                      system.map(SystemDefinition::owners).orElse(List.of())));
      tally.files++;
      tally.paths.add(file.path());
      tally.lines += file.linesChanged();
      boolean productionLike = kind != FileKind.TEST && kind != FileKind.DOCUMENTATION;
      tally.production |= productionLike;
      if (kind == FileKind.PRODUCTION) {
        productionFiles++;
        if (file.status() == FileStatus.DELETED) {
          deletedProduction++;
        }
      }
      if (productionLike && !FileKind.isLockfile(file.path())) {
        productionLines += file.linesChanged();
      }
      if (kind == FileKind.TEST) {
        testFiles++;
      }
      for (CompiledRule rule : rules) {
        if (rule.matches(file)) {
          sensitiveHits.computeIfAbsent(rule, r -> new ArrayList<>()).add(file.path());
        }
      }
    }

    List<SystemTally> directSorted =
        direct.values().stream()
            .sorted(Comparator.comparingInt((SystemTally t) -> t.tier).thenComparing(t -> t.name))
            .toList();
    List<String> propagating =
        directSorted.stream().filter(t -> t.production).map(t -> t.name).toList();
    Map<String, List<String>> dependents =
        new LinkedHashMap<>(policy.catalog().dependentsOf(propagating));
    // a system whose own files changed is listed once, as direct, even when it also depends on
    // another changed system
    dependents.keySet().removeAll(direct.keySet());

    List<AffectedSystem> systems = new ArrayList<>();
    for (SystemTally tally : directSorted) {
      systems.add(
          new AffectedSystem(
              tally.name,
              tally.tier,
              tally.owners,
              true,
              tally.files,
              tally.lines,
              tally.production,
              List.of(),
              tally.paths));
    }
    dependents.entrySet().stream()
        .map(
            e -> {
              SystemDefinition definition = policy.catalog().find(e.getKey()).orElseThrow();
              return new AffectedSystem(
                  definition.name(),
                  definition.tier(),
                  definition.owners(),
                  false,
                  0,
                  0,
                  false,
                  e.getValue(),
                  List.<String>of());
            })
        .sorted(Comparator.comparingInt(AffectedSystem::tier).thenComparing(AffectedSystem::name))
        .forEach(systems::add);

    RiskAssessment risk =
        risk(
            classification,
            systems,
            sensitiveHits,
            productionFiles,
            testFiles,
            deletedProduction,
            productionLines,
            files);
    if (learned != null) {
      risk = learned.assess(systems, risk.factors());
    }
    RollbackAssessment rollback = rollback(files, systems, sensitiveHits, deletedProduction);
    List<TestingRequirement> testing =
        testing(classification, systems, sensitiveHits, risk.level(), productionFiles, testFiles);
    DocumentationPlan plan =
        DocumentationPlan.plan(
            classification.type(),
            risk.level(),
            rollback.level(),
            new DocumentationPlan.Facts(
                files.isEmpty() ? Optional.empty() : Optional.of(classification.scope()),
                files.stream()
                    .anyMatch(
                        f ->
                            FileKind.of(f.path()) == FileKind.CONFIGURATION
                                || (f.oldPath() != null
                                    && FileKind.of(f.oldPath()) == FileKind.CONFIGURATION)),
                testing.size()));

    List<String> notes = new ArrayList<>(change.notes());
    notes.addAll(policy.catalog().notes());
    if (stats.binary() > 0) {
      notes.add(stats.binary() + " binary file(s): counted as changed files, not as lines");
    }
    if (stats.submodules() > 0) {
      notes.add(
          stats.submodules() + " submodule pointer(s) moved: review the submodule's own changes");
    }
    return new Assessment(
        change.label(),
        change.description(),
        change.commits(),
        classification,
        stats,
        systems,
        policy.catalog().source(),
        risk,
        testing,
        rollback,
        plan,
        notes);
  }

  private static ChangeStats statsOf(List<FileChange> files) {
    int additions = 0;
    int deletions = 0;
    int added = 0;
    int deleted = 0;
    int renamed = 0;
    int binary = 0;
    int submodules = 0;
    for (FileChange file : files) {
      additions += file.additions();
      deletions += file.deletions();
      switch (file.status()) {
        case ADDED -> added++;
        case DELETED -> deleted++;
        case RENAMED -> renamed++;
        default -> {}
      }
      if (file.binary()) {
        binary++;
      }
      if (file.submodule()) {
        submodules++;
      }
    }
    return new ChangeStats(
        files.size(), additions, deletions, added, deleted, renamed, binary, submodules);
  }

  private RiskAssessment risk(
      Classification classification,
      List<AffectedSystem> systems,
      Map<CompiledRule, List<String>> sensitiveHits,
      int productionFiles,
      int testFiles,
      int deletedProduction,
      int productionLines,
      List<FileChange> files) {
    RiskModel model = policy.riskModel();
    List<RiskFactor> factors = new ArrayList<>();
    List<AffectedSystem> directProduction =
        systems.stream().filter(s -> s.direct() && s.productionChanged()).toList();

    directProduction.stream()
        .min(Comparator.comparingInt(AffectedSystem::tier))
        .ifPresent(
            top -> {
              List<String> names =
                  directProduction.stream()
                      .filter(s -> s.tier() == top.tier())
                      .map(AffectedSystem::name)
                      .toList();
              factors.add(
                  new RiskFactor(
                      "tier",
                      lowered(
                          "tier " + top.tier() + " system changed: " + String.join(", ", names),
                          model.tierWeight(top.tier()),
                          "stage the rollout of "
                              + String.join(", ", names)
                              + " (one instance first, its owners watching)"),
                      model.tierWeight(top.tier())));
            });

    ChangeType type = classification.type();
    factors.add(
        new RiskFactor(
            "type",
            lowered("change type " + type, model.typeWeight(type), typeRemedy(type)),
            model.typeWeight(type)));

    int added = 0;
    int deleted = 0;
    int testAdded = 0;
    int lockfileLines = 0;
    for (FileChange file : files) {
      if (FileKind.isLockfile(file.path())) {
        lockfileLines += file.linesChanged(); // the package manager wrote them: nothing to review
        continue;
      }
      added += file.additions();
      deleted += file.deletions();
      if (FileKind.of(file.path()) == FileKind.TEST) {
        testAdded += file.additions();
      }
    }
    int sizePoints = model.sizePoints(added, testAdded, deleted);
    if (sizePoints > 0) {
      factors.add(
          new RiskFactor(
              "size",
              added
                  + " line(s) added"
                  + (testAdded > 0 ? " (" + testAdded + " in tests, counted at half)" : "")
                  + " and "
                  + deleted
                  + " deleted"
                  + deletedCounted(deleted, model.deletedLinesPercent())
                  + (lockfileLines > 0
                      ? " (" + lockfileLines + " lockfile line(s) not counted: generated)"
                      : "")
                  + ": the more to review, the more slips through"
                  + (sizePoints >= model.sizePerDoubling() * 4
                      ? "; to lower it: split the change into smaller ones"
                      : ""),
              sizePoints));
    }
    if (productionLines >= model.largeSizeLines()) {
      factors.add(
          new RiskFactor(
              "size-step",
              "large change: "
                  + productionLines
                  + " lines of code and configuration (>= "
                  + model.largeSizeLines()
                  + ")",
              model.largeSizeWeight()));
      lowerLast(factors, "split the change into smaller ones");
    } else if (productionLines >= model.mediumSizeLines()) {
      factors.add(
          new RiskFactor(
              "size-step",
              "medium change: "
                  + productionLines
                  + " lines of code and configuration (>= "
                  + model.mediumSizeLines()
                  + ")",
              model.mediumSizeWeight()));
      lowerLast(factors, "split the change into smaller ones");
    }

    if (directProduction.size() > 1) {
      factors.add(
          new RiskFactor(
              "breadth",
              directProduction.size()
                  + " systems changed at once: "
                  + String.join(", ", directProduction.stream().map(AffectedSystem::name).toList()),
              Math.min(
                  model.maxBreadth(), (directProduction.size() - 1) * model.perExtraSystem())));
      lowerLast(factors, "split the change into one change per system");
    }

    List<AffectedSystem> indirect = systems.stream().filter(s -> !s.direct()).toList();
    if (!indirect.isEmpty()) {
      factors.add(
          new RiskFactor(
              "dependents",
              indirect.size()
                  + " system(s) depend on the change through the build: "
                  + String.join(", ", indirect.stream().map(AffectedSystem::name).toList()),
              Math.min(model.maxDependents(), indirect.size() * model.perDependentSystem())));
      lowerLast(
          factors,
          indirect.size() <= 3
              ? "run the tests of "
                  + String.join(", ", indirect.stream().map(AffectedSystem::name).toList())
                  + " before approving"
              : "run the tests of these "
                  + indirect.size()
                  + " systems (listed under the testing requirements) before approving");
    }

    for (Map.Entry<CompiledRule, List<String>> hit : sensitiveHits.entrySet()) {
      SensitivePathRule rule = hit.getKey().rule();
      factors.add(
          new RiskFactor(
              "sensitive:" + rule.name(),
              lowered(
                  rule.description() + ": " + listPaths(hit.getValue()),
                  rule.weight(),
                  rule.test() != null && !rule.test().isBlank()
                      ? Character.toLowerCase(rule.test().charAt(0)) + rule.test().substring(1)
                      : "put these files in a change of their own, reviewed by their owners"),
              rule.weight()));
    }

    if (productionFiles > 0 && testFiles == 0) {
      factors.add(
          new RiskFactor(
              "untested",
              lowered(
                  productionFiles + " production file(s) changed and no test changed",
                  model.untestedProductionChange(),
                  "add the missing test of the file that changed"),
              model.untestedProductionChange()));
    }
    if (deletedProduction > 0) {
      factors.add(
          new RiskFactor(
              "deletions",
              lowered(
                  deletedProduction + " production file(s) deleted",
                  model.deletedFiles(),
                  "delete them in a change of their own, once a search shows nothing uses them"),
              model.deletedFiles()));
    }
    if (classification.breaking()) {
      factors.add(
          new RiskFactor(
              "breaking",
              lowered(
                  "declared as a breaking change",
                  model.breakingChange(),
                  "keep the old behaviour beside the new one for a release, then remove it"),
              model.breakingChange()));
    }

    List<RiskFactor> sorted =
        factors.stream()
            .filter(f -> f.weight() != 0)
            .sorted(Comparator.comparingInt(RiskFactor::weight).reversed())
            .toList();
    int score = sorted.stream().mapToInt(RiskFactor::weight).sum();
    return new RiskAssessment(
        model.levelOf(score), score, model.mediumThreshold(), model.highThreshold(), sorted);
  }

  private RollbackAssessment rollback(
      List<FileChange> files,
      List<AffectedSystem> systems,
      Map<CompiledRule, List<String>> sensitiveHits,
      int deletedProduction) {
    List<RollbackAssessment.Reason> reasons = new ArrayList<>();
    for (Map.Entry<CompiledRule, List<String>> hit : sensitiveHits.entrySet()) {
      SensitivePathRule rule = hit.getKey().rule();
      if (rule.rollback().atLeast(Level.MEDIUM)) {
        reasons.add(
            new RollbackAssessment.Reason(
                rule.rollback(), rule.rollbackReason() + " (" + listPaths(hit.getValue()) + ")"));
      }
    }
    if (deletedProduction > 0) {
      reasons.add(
          new RollbackAssessment.Reason(
              Level.MEDIUM,
              deletedProduction
                  + " production file(s) deleted: whatever still relied on them must be found"
                  + " before the revert is safe"));
    }
    long submodules = files.stream().filter(FileChange::submodule).count();
    if (submodules > 0) {
      reasons.add(
          new RollbackAssessment.Reason(
              Level.MEDIUM,
              submodules + " submodule pointer(s) moved: roll back both repositories"));
    }
    List<AffectedSystem> deployed =
        systems.stream().filter(s -> s.direct() && s.productionChanged()).toList();
    if (deployed.size() >= 3) {
      reasons.add(
          new RollbackAssessment.Reason(
              Level.MEDIUM,
              deployed.size() + " systems change at once: their rollback must be coordinated"));
    }
    systems.stream()
        .filter(s -> s.direct() && s.productionChanged())
        .map(s -> policy.catalog().find(s.name()))
        .flatMap(Optional::stream)
        .filter(d -> !d.rollback().isBlank())
        .forEach(
            d ->
                reasons.add(
                    new RollbackAssessment.Reason(
                        Level.LOW, d.name() + ": " + d.rollback().strip())));

    long mediumOrWorse = reasons.stream().filter(r -> r.level() == Level.MEDIUM).count();
    Level level =
        reasons.stream().map(RollbackAssessment.Reason::level).reduce(Level.LOW, Level::max);
    if (level == Level.MEDIUM && mediumOrWorse >= 2) {
      level = Level.HIGH;
      reasons.add(
          0,
          new RollbackAssessment.Reason(
              Level.HIGH,
              mediumOrWorse + " independent complications combine: rehearse the rollback"));
    }
    if (reasons.isEmpty()) {
      reasons.add(
          new RollbackAssessment.Reason(
              Level.LOW,
              deployed.isEmpty()
                  ? "no production code or configuration changed: revert the commit(s)"
                  : "code-only change: revert the commit(s) and redeploy"));
    }
    List<RollbackAssessment.Reason> sorted =
        reasons.stream()
            .sorted(Comparator.comparing(RollbackAssessment.Reason::level).reversed())
            .toList();
    return new RollbackAssessment(level, sorted);
  }

  private List<TestingRequirement> testing(
      Classification classification,
      List<AffectedSystem> systems,
      Map<CompiledRule, List<String>> sensitiveHits,
      Level risk,
      int productionFiles,
      int testFiles) {
    List<TestingRequirement> testing = new ArrayList<>();
    if (classification.scope() == ChangeScope.DOCUMENTATION_ONLY) {
      testing.add(
          new TestingRequirement(
              TestKind.REVIEW, "", "Documentation only: review the rendered documents", ""));
      return testing;
    }
    for (AffectedSystem system : systems) {
      Optional<SystemDefinition> definition = policy.catalog().find(system.name());
      List<String> commands = definition.map(SystemDefinition::tests).orElse(List.of());
      TestKind kind = system.direct() ? TestKind.SYSTEM : TestKind.REGRESSION;
      String why =
          system.direct()
              ? "its files changed"
              : "depends on " + String.join(" -> ", system.dependencyPath());
      if (commands.isEmpty()) {
        testing.add(
            new TestingRequirement(
                kind,
                system.name(),
                "Run the tests of "
                    + system.name()
                    + " ("
                    + why
                    + "); no test command is configured: add 'tests:' to the system in"
                    + " changetrail.yml",
                ""));
      } else {
        for (String command : commands) {
          testing.add(
              new TestingRequirement(
                  kind,
                  system.name(),
                  "Run the tests of " + system.name() + " (" + why + ")",
                  command));
        }
      }
    }
    testing = new ArrayList<>(TestingCommands.grouped(testing));
    if (productionFiles > 0 && testFiles == 0) {
      testing.add(
          new TestingRequirement(
              TestKind.MISSING_TESTS,
              "",
              "Production code changed without test changes: add or update tests that cover it",
              ""));
    }
    // systems changed together are tested together; a dependent's tests run in its regression run
    List<String> named =
        systems.stream()
            .filter(AffectedSystem::direct)
            .map(AffectedSystem::name)
            .filter(n -> !n.equals(UNASSIGNED))
            .toList();
    if (named.size() > 1) {
      testing.add(
          new TestingRequirement(
              TestKind.INTEGRATION,
              "",
              "Integration tests across " + TestingCommands.names(named),
              ""));
    }
    for (AffectedSystem system : systems) {
      boolean latencyCritical =
          policy.catalog().find(system.name()).map(SystemDefinition::latencyCritical).orElse(false);
      if (latencyCritical) {
        testing.add(
            new TestingRequirement(
                TestKind.PERFORMANCE,
                system.name(),
                "Performance test of "
                    + system.name()
                    + " (latency-critical): compare latency percentiles with the last release",
                ""));
      }
    }
    for (Map.Entry<CompiledRule, List<String>> hit : sensitiveHits.entrySet()) {
      SensitivePathRule rule = hit.getKey().rule();
      if (!rule.test().isBlank()) {
        testing.add(
            new TestingRequirement(
                TestKind.SENSITIVE_PATH, "", rule.test() + " (" + rule.name() + ")", ""));
      }
    }
    if (classification.type() == ChangeType.SECURITY) {
      testing.add(
          new TestingRequirement(
              TestKind.SECURITY,
              "",
              "Security review by someone other than the author, and a dependency and code scan",
              ""));
    }
    if (risk == Level.HIGH) {
      testing.add(
          new TestingRequirement(
              TestKind.ROLLBACK_REHEARSAL,
              "",
              "HIGH risk: rehearse the rollback procedure in a pre-production environment",
              ""));
    }
    return testing;
  }

  /** How the size counts the deleted lines, when there are some and it does not count them all. */
  private static String deletedCounted(int deleted, int percent) {
    if (deleted == 0 || percent >= 100) {
      return "";
    }
    return percent == 0 ? " (not counted)" : " (counted at " + percent + "%)";
  }

  /** The reason of a factor, with what would lower the risk when the factor raises it. */
  private static String lowered(String reason, int weight, String remedy) {
    return weight > 0 ? reason + "; to lower it: " + remedy : reason;
  }

  private static void lowerLast(List<RiskFactor> factors, String remedy) {
    RiskFactor last = factors.remove(factors.size() - 1);
    factors.add(
        new RiskFactor(
            last.id(), lowered(last.description(), last.weight(), remedy), last.weight()));
  }

  /** What lowers the risk a change type adds (its weight is the type's usual risk). */
  private static String typeRemedy(ChangeType type) {
    return switch (type) {
      case SECURITY -> "a second reviewer who knows the security code";
      case INTEGRATION -> "run it against the counterparty's test environment first";
      case FEATURE -> "ship it switched off (a flag or configuration) and switch it on apart";
      case CONFIGURATION -> "apply it to one instance or venue first";
      default -> "add the test that shows the change does what it says";
    };
  }

  private static String listPaths(List<String> paths) {
    List<String> shown = paths.subList(0, Math.min(LISTED_PATHS, paths.size()));
    String listed = String.join(", ", shown);
    return paths.size() > LISTED_PATHS
        ? listed + " and " + (paths.size() - LISTED_PATHS) + " more"
        : listed;
  }
}
