package io.changetrail.app.risk;

import io.changetrail.app.Workspace;
import io.changetrail.app.systems.BuildTree;
import io.changetrail.app.systems.CatalogResolver;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.Assessor;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.risk.Calibration;
import io.changetrail.domain.risk.ChangeFeatures;
import io.changetrail.domain.risk.FixDetector;
import io.changetrail.domain.risk.HistoryFeatures;
import io.changetrail.domain.risk.JitFeature;
import io.changetrail.domain.risk.OwnFactors;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.git.BlobReader;
import io.changetrail.git.GitRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The use case "calibrate the risk model": walks the history once for the features of every commit,
 * labels bug-inducing commits (SZZ from the fixes, a labels file, and the ledger's failed
 * deployments), fits and measures the model with a time split, and writes the model file.
 */
public final class CalibrateRisk {
  private static final Pattern SHA = Pattern.compile("\\b[0-9a-f]{40}\\b");
  private static final long SECONDS_PER_MONTH = 30L * 86_400;

  /**
   * What to calibrate.
   *
   * @param revision the history to walk (HEAD)
   * @param until only commits authored before this instant (null: all)
   * @param immatureMonths the most recent months left out: their bugs may not be found yet
   * @param labels a file of bug-inducing SHAs (e.g. a CSV with a {@code bug_hash} column) used
   *     instead of tracing the fixes; null to trace
   * @param output where to write the model (null: {@code .changetrail/risk-model.json})
   * @param write whether to write the model at all
   * @param featuresCsv where to write every commit's features and label (null: nowhere)
   */
  public record Request(
      String revision,
      Instant until,
      int immatureMonths,
      Path labels,
      Path output,
      boolean write,
      Path featuresCsv) {}

  /** Where calibration is; for a progress display. */
  public interface Progress {
    void phase(String what);

    void advance(int done, int total);

    Progress NONE =
        new Progress() {
          @Override
          public void phase(String what) {}

          @Override
          public void advance(int done, int total) {}
        };
  }

  /**
   * What calibration did.
   *
   * @param result the model and its held-out figures
   * @param commits commits read
   * @param incomplete commits whose content is missing from this copy (line counts unknown)
   * @param fixes fix commits found in the messages
   * @param tracedFixes fixes traced back (not refactoring-only, with deleted source lines)
   * @param szzLabels commits labelled bug-inducing by tracing the fixes
   * @param fileLabels commits labelled bug-inducing by the labels file
   * @param ledgerLabels commits labelled by failed deployments in the ledger
   * @param blameFailures blames git could not do (objects missing, paths absent)
   * @param written where the model was written, or null
   */
  public record Report(
      Calibration.Result result,
      int commits,
      int incomplete,
      int fixes,
      int tracedFixes,
      int szzLabels,
      int fileLabels,
      int ledgerLabels,
      int blameFailures,
      Path written) {}

  private final Workspace workspace;

  public CalibrateRisk(Workspace workspace) {
    this.workspace = workspace;
  }

  /** The features of one commit while the history is read. */
  record Pending(String sha, long time, ChangeFeatures features, int builtIn) {}

  /**
   * What one walk of the history read.
   *
   * @param pending every commit's features, oldest first
   * @param traced the fixes to trace back, each with its first parent
   * @param fixes fix commits found in the messages
   * @param incomplete commits whose content is missing from this copy
   */
  record Walk(
      List<Pending> pending, Map<String, String> traced, int fixes, List<String> incomplete) {}

  /** Trees kept for the commits that follow them (side branches need their fork's tree). */
  private static final int TREES_KEPT = 512;

  /**
   * Reads the history once, oldest first: every commit's features against the history before it,
   * and its built-in assessment with the systems of the build files of that commit (united with its
   * parent's, as {@code assess --commit} does), never those of the work tree, so that no feature
   * comes from the future.
   */
  Walk walk(Request request, Progress progress) {
    GitRepository git = workspace.git();
    HistoryFeatures history = new HistoryFeatures();
    FixDetector fixes = new FixDetector();
    List<Pending> pending = new ArrayList<>();
    Map<String, String> traced = new LinkedHashMap<>();
    Map<SystemCatalog, Assessor> assessors = new IdentityHashMap<>();
    Map<String, BuildTree> trees =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, BuildTree> eldest) {
            return size() > TREES_KEPT;
          }
        };
    int[] fixCount = new int[1];
    progress.phase("reading the history");
    List<String> incomplete;
    try (BlobReader blobs = git.blobReader()) {
      incomplete =
          git.history(
              request.revision(),
              List.of(),
              change -> {
                CommitInfo commit = change.commits().get(0);
                Instant time = commit.authorTime().toInstant();
                if (request.until() != null && !time.isBefore(request.until())) {
                  return;
                }
                String author = HistoryFeatures.author(commit.authorName(), commit.authorEmail());
                boolean fix = fixes.isFix(commit.message());
                if (fix) {
                  fixCount[0]++;
                  if (fixes.traced(commit.message()) && !commit.parents().isEmpty()) {
                    traced.put(commit.sha(), commit.parents().get(0));
                  }
                }
                ChangeFeatures features = history.features(author, time, change.files(), fix);
                SystemCatalog systems = systemsAt(git, blobs, trees, commit, change.files());
                if (assessors.size() > 256) {
                  assessors.clear();
                }
                Assessor assessor =
                    assessors.computeIfAbsent(systems, c -> new Assessor(workspace.policy(c)));
                Assessment assessment = assessor.assess(change);
                pending.add(
                    new Pending(
                        commit.sha(),
                        time.getEpochSecond(),
                        OwnFactors.complete(features, assessment),
                        assessment.risk().score()));
                history.observe(author, time, change.files());
                if (pending.size() % 500 == 0) {
                  progress.advance(pending.size(), 0);
                }
              });
    }
    return new Walk(pending, traced, fixCount[0], incomplete);
  }

  /**
   * The systems of {@code commit}'s build files, united with those of its first parent's: the
   * parent's tree is the one kept from the walk when it is known (the tree of the commit is then
   * derived from it), else both are read from their commits.
   */
  private SystemCatalog systemsAt(
      GitRepository git,
      BlobReader blobs,
      Map<String, BuildTree> trees,
      CommitInfo commit,
      List<FileChange> files) {
    String parent = commit.parents().isEmpty() ? null : commit.parents().get(0);
    BuildTree before = parent == null ? null : trees.get(parent);
    BuildTree tree;
    try {
      tree =
          before != null
              ? before.after(files, commit.sha())
              : BuildTree.at(git, blobs, commit.sha());
      if (parent != null && before == null) {
        before = tree.before(files, parent);
      }
    } catch (ChangeTrailException e) {
      // the commit's tree cannot be read from this copy: the systems of the work tree stand in
      return workspace.catalog();
    }
    trees.put(commit.sha(), tree);
    SystemCatalog systems = workspace.catalogOf(tree);
    return before == null ? systems : CatalogResolver.union(systems, workspace.catalogOf(before));
  }

  public Report execute(Request request, Set<String> failedChanges, Progress progress) {
    GitRepository git = workspace.git();
    Walk walk = walk(request, progress);
    List<Pending> pending = walk.pending();
    Map<String, String> traced = walk.traced();
    int[] fixCount = {walk.fixes()};
    List<String> incomplete = walk.incomplete();
    if (pending.isEmpty()) {
      throw new ChangeTrailException(
          Problem.NOTHING_TO_DO,
          "no commits to calibrate on" + (request.until() != null ? " before --until" : ""),
          "calibrate a repository with history");
    }
    Set<String> known = new HashSet<>();
    pending.forEach(p -> known.add(p.sha()));

    Set<String> szz = new HashSet<>();
    Set<String> fromFile = new HashSet<>();
    int[] blameFailures = new int[1];
    int[] tracedFixes = new int[1];
    if (request.labels() != null) {
      fromFile.addAll(readLabels(request.labels()));
      fromFile.retainAll(known);
    } else {
      SzzTracer.Result szzResult = new SzzTracer(git).trace(traced, known, progress);
      szz.addAll(szzResult.bugInducing());
      blameFailures[0] = szzResult.blameFailures();
      tracedFixes[0] = szzResult.tracedFixes();
    }
    Set<String> ledger = new HashSet<>(failedChanges);
    ledger.retainAll(known);

    Set<String> bugInducing = new HashSet<>(szz);
    bugInducing.addAll(fromFile);
    bugInducing.addAll(ledger);
    List<Calibration.Row> rows = new ArrayList<>();
    long last = 0;
    long first = Long.MAX_VALUE;
    for (Pending p : pending) {
      rows.add(
          new Calibration.Row(
              p.sha(), p.time(), p.features(), bugInducing.contains(p.sha()), p.builtIn()));
      last = Math.max(last, p.time());
      first = Math.min(first, p.time());
    }
    if (request.featuresCsv() != null) {
      writeCsv(request.featuresCsv(), rows);
    }
    long end = request.until() != null ? request.until().getEpochSecond() : last;
    long matureBefore = end - request.immatureMonths() * SECONDS_PER_MONTH;

    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("revision", request.revision());
    provenance.put("head", git.resolveCommit(request.revision()));
    provenance.put("commits", rows.size());
    provenance.put("from", Instant.ofEpochSecond(first).truncatedTo(ChronoUnit.DAYS).toString());
    provenance.put(
        "matureBefore",
        Instant.ofEpochSecond(matureBefore).truncatedTo(ChronoUnit.DAYS).toString());
    provenance.put("immatureMonths", request.immatureMonths());
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("source", request.labels() != null ? "labels file" : "SZZ from fix commits");
    labels.put("fixes", fixCount[0]);
    labels.put("tracedFixes", tracedFixes[0]);
    labels.put("szz", szz.size());
    labels.put("labelsFile", fromFile.size());
    labels.put("failedDeployments", ledger.size());
    provenance.put("labels", labels);

    progress.phase("fitting the model");
    Calibration.Result result =
        Calibration.calibrate(rows, matureBefore, Calibration.DEFAULT_LAMBDA, provenance);
    Map<String, Object> evaluation = new LinkedHashMap<>();
    evaluation.put("split", "time: oldest " + Math.round(100 * Calibration.TRAIN_SHARE) + "% fit");
    evaluation.put(
        "testFrom",
        Instant.ofEpochSecond(result.splitTime()).truncatedTo(ChronoUnit.DAYS).toString());
    evaluation.put("trained", result.trained());
    evaluation.put("tested", result.tested());
    evaluation.put("testBugInducing", result.testPositives());
    Map<String, Object> figures = new LinkedHashMap<>();
    result
        .figures()
        .forEach(
            (name, f) -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("rocAuc", round(f.rocAuc()));
              row.put("prAuc", round(f.prAuc()));
              row.put("recallAt20PercentLines", round(f.recallAt20()));
              figures.put(name, row);
            });
    evaluation.put("figures", figures);
    Map<String, Object> withEvaluation = new LinkedHashMap<>(result.model().provenance());
    withEvaluation.put("evaluation", evaluation);
    Calibration.Result recorded =
        new Calibration.Result(
            new io.changetrail.domain.risk.LearnedModel(
                result.model().schema(),
                result.model().intercept(),
                result.model().features(),
                result.model().mediumThreshold(),
                result.model().highThreshold(),
                result.model().lambda(),
                withEvaluation),
            result.trained(),
            result.tested(),
            result.trainPositives(),
            result.testPositives(),
            result.immature(),
            result.splitTime(),
            result.figures(),
            result.levels());
    Path written = null;
    if (request.write()) {
      written =
          request.output() != null
              ? request.output()
              : RiskModelFile.defaultPath(workspace.git().root());
      RiskModelFile.write(written, recorded.model());
    }
    return new Report(
        recorded,
        rows.size(),
        incomplete.size(),
        fixCount[0],
        tracedFixes[0],
        szz.size(),
        fromFile.size(),
        ledger.size(),
        blameFailures[0],
        written);
  }

  /** Every 40-hex SHA of the labels file; of a CSV with a bug_hash column, only that column. */
  static Set<String> readLabels(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "cannot read the labels file " + file + ": " + e.getMessage(),
          "give a file with one bug-inducing commit SHA per line, or a CSV with a bug_hash column");
    }
    int column = -1;
    if (!lines.isEmpty()) {
      String[] header = lines.get(0).split(",");
      for (int i = 0; i < header.length; i++) {
        if (header[i].strip().equalsIgnoreCase("bug_hash")) {
          column = i;
        }
      }
    }
    Set<String> shas = new HashSet<>();
    for (String line : lines) {
      String text = line.toLowerCase(java.util.Locale.ROOT);
      if (column >= 0) {
        String[] cells = text.split(",");
        text = cells.length > column ? cells[column] : "";
      }
      Matcher m = SHA.matcher(text);
      while (m.find()) {
        shas.add(m.group());
      }
    }
    if (shas.isEmpty()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "the labels file " + file + " names no commit (no 40-character SHA found)",
          "give one bug-inducing commit SHA per line, or a CSV with a bug_hash column");
    }
    return shas;
  }

  private static void writeCsv(Path file, List<Calibration.Row> rows) {
    StringBuilder out = new StringBuilder("sha,time,bug_inducing,built_in");
    for (JitFeature f : JitFeature.values()) {
      out.append(',').append(f.id());
    }
    out.append('\n');
    for (Calibration.Row row : rows) {
      out.append(row.sha()).append(',').append(row.time()).append(',');
      out.append(row.bugInducing() ? 1 : 0).append(',').append((long) row.builtInScore());
      for (JitFeature f : JitFeature.values()) {
        double v = row.features().get(f);
        out.append(',');
        out.append(
            v == Math.rint(v)
                ? String.valueOf((long) v)
                : String.format(java.util.Locale.ROOT, "%.4f", v));
      }
      out.append('\n');
    }
    try {
      Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write " + file + ": " + e.getMessage(), "check the path");
    }
  }

  private static Double round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
  }
}
