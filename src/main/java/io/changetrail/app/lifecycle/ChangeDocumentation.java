package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
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

  static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
