package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lint.Finding;
import io.changetrail.domain.lint.LintReport;
import io.changetrail.domain.lint.Severity;
import io.changetrail.git.GitRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A change's documentation as it counts: what was committed (the messages of its commits, and
 * {@code changes/ID.md} as its tip commit holds it), bound to the content it was approved on; and,
 * apart, a {@code changes/ID.md} of the work tree that is not what was committed: written after the
 * fact (post-hoc).
 */
final class ChangeDocumentation {
  /** A change document of the work tree that is not the committed one. */
  record PostHoc(String file, String digest, ChangeDocument document) {}

  /**
   * @param committed the documents bound to the change's content
   * @param postHoc an uncommitted {@code changes/ID.md}, if there is one
   */
  record Documents(List<ChangeDocument> committed, Optional<PostHoc> postHoc) {}

  private ChangeDocumentation() {}

  static Documents of(Lifecycle lifecycle, ChangeRecord record) {
    GitRepository git = lifecycle.workspace().git();
    ChangeDocumentParser parser = new ChangeDocumentParser();
    List<ChangeDocument> committed = new ArrayList<>();
    String relative = "changes/" + record.id() + ".md";
    Optional<String> atTip = Optional.empty();
    if (!record.base().isEmpty() && !record.tip().isEmpty()) {
      for (CommitInfo commit : git.commits(record.base() + ".." + record.tip())) {
        committed.add(parser.parse(commit.message()));
      }
      atTip = git.fileAt(record.tip(), relative);
      atTip.ifPresent(text -> committed.add(parser.parse(text)));
    }
    Optional<PostHoc> postHoc = Optional.empty();
    Path file = git.root().resolve("changes").resolve(record.id() + ".md");
    if (Files.isRegularFile(file)) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new ChangeTrailException(
            Problem.IO, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (atTip.isEmpty() || !atTip.get().equals(text)) {
        postHoc = Optional.of(new PostHoc(relative, digest(bytes), parser.parse(text)));
      }
    }
    return new Documents(committed, postHoc);
  }

  /** The sections of the change's documentation plan that none of these documents fills. */
  static List<String> missing(ChangeRecord record, List<ChangeDocument> documents) {
    List<String> missing = new ArrayList<>();
    for (String title : record.documentation()) {
      Section section = Section.byTitle(title).orElse(null);
      if (section != null && documents.stream().noneMatch(d -> filled(d, section))) {
        missing.add(title);
      }
    }
    return missing;
  }

  static boolean filled(ChangeDocument document, Section section) {
    return document.section(section).map(s -> !s.isEmpty()).orElse(false);
  }

  /**
   * Refuses to approve or deploy a normal change whose committed documents do not cover its
   * documentation plan ({@code approvals.require_documentation}, on by default). Emergency and
   * standard changes are not held: emergencies may document afterwards.
   */
  static void requireDocumented(Lifecycle lifecycle, ChangeRecord record, String action) {
    if (!lifecycle.config().documentedBeforeApproval()
        || record.changeClass() != ChangeClass.NORMAL) {
      return;
    }
    Documents documents = of(lifecycle, record);
    List<String> missing = missing(record, documents.committed());
    if (missing.isEmpty()) {
      requireLinted(lifecycle, record, action, documents);
      return;
    }
    throw DecideChange.refused(
        record.id()
            + " cannot be "
            + action
            + ": its committed documentation does not cover its plan (missing or empty: "
            + String.join(", ", missing)
            + ")"
            + (documents.postHoc().isPresent()
                ? "; the uncommitted " + documents.postHoc().get().file() + " does not count"
                : ""),
        "document it in its commit messages or a committed changes/"
            + record.id()
            + ".md, then 'changetrail change update "
            + record.id()
            + "' (approvals.require_documentation: false turns this off)");
  }

  /** How many lint findings a refusal names before it counts the rest. */
  static final int NAMED_FINDINGS = 3;

  /**
   * Refuses when no committed change document of the change passes lint against the plan of the
   * change's whole diff: its {@code changes/ID.md} as the tip holds it, else one of its commit
   * messages (a merge, revert or fixup message is not a change document). The refusal names the
   * findings of the closest one (fewest errors; the committed file first, then the newest commit).
   */
  private static void requireLinted(
      Lifecycle lifecycle, ChangeRecord record, String action, Documents documents) {
    if (record.base().isEmpty() || record.tip().isEmpty()) {
      return;
    }
    GitRepository git = lifecycle.workspace().git();
    io.changetrail.domain.change.ChangeSet change = git.range(record.base() + ".." + record.tip());
    io.changetrail.domain.assess.Assessment assessment =
        new io.changetrail.domain.assess.Assessor(
                lifecycle
                    .workspace()
                    .policy(
                        new io.changetrail.app.assess.AssessChange(lifecycle.workspace())
                            .systemsAt(record.tip(), record.base(), change.files())))
            .assess(change);
    io.changetrail.app.lint.LintMessages lint =
        io.changetrail.app.lint.LintMessages.of(lifecycle.workspace());
    List<LintReport> reports = new ArrayList<>();
    String relative = "changes/" + record.id() + ".md";
    Optional<String> atTip = git.fileAt(record.tip(), relative);
    if (atTip.isPresent()) {
      reports.add(
          lint.lintDocument(
              relative + " at " + shortSha(record.tip()), atTip.get(), false, assessment));
    }
    List<CommitInfo> commits = new ArrayList<>(change.commits());
    java.util.Collections.reverse(commits); // newest first, as git log
    for (CommitInfo commit : commits) {
      reports.add(
          lint.lintDocument(
              "commit " + commit.shortSha(), commit.message(), commit.isMerge(), assessment));
    }
    if (reports.stream().anyMatch(r -> r.kind() == LintReport.Kind.CHANGE && r.passed())) {
      return;
    }
    LintReport closest =
        reports.stream()
            .filter(r -> r.kind() == LintReport.Kind.CHANGE)
            .min(java.util.Comparator.comparingLong(r -> r.count(Severity.ERROR)))
            .orElse(null);
    if (closest == null) {
      throw DecideChange.refused(
          record.id()
              + " cannot be "
              + action
              + ": none of its committed messages is a change document (merges, reverts or"
              + " fixups only)",
          "commit a changes/"
              + record.id()
              + ".md, then 'changetrail change update "
              + record.id()
              + "' (approvals.require_documentation: false turns this off)");
    }
    List<Finding> errors =
        closest.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
    List<String> named = new ArrayList<>();
    for (Finding finding : errors.subList(0, Math.min(NAMED_FINDINGS, errors.size()))) {
      named.add(
          finding.rule()
              + (finding.line() > 0 ? " (line " + finding.line() + ")" : "")
              + ": "
              + finding.message());
    }
    String more =
        errors.size() > NAMED_FINDINGS
            ? "; and " + (errors.size() - NAMED_FINDINGS) + " more error(s)"
            : "";
    throw DecideChange.refused(
        record.id()
            + " cannot be "
            + action
            + ": its committed change document does not pass lint against its plan ("
            + closest.planSource()
            + "): "
            + closest.subject()
            + ": "
            + String.join("; ", named)
            + more
            + (documents.postHoc().isPresent()
                ? "; the uncommitted " + documents.postHoc().get().file() + " does not count"
                : ""),
        "see every finding with 'changetrail lint --range "
            + shortSha(record.base())
            + ".."
            + shortSha(record.tip())
            + "', fix the document in a commit message or a committed changes/"
            + record.id()
            + ".md, then 'changetrail change update "
            + record.id()
            + "' (approvals.require_documentation: false turns this off)");
  }

  private static String shortSha(String sha) {
    return sha.length() > 10 ? sha.substring(0, 10) : sha;
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
