package io.changetrail.app.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.assess.AssessmentJson;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.AffectedSystem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.Assessor;
import io.changetrail.domain.change.ChangeSet;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentRenderer;
import io.changetrail.domain.document.Trailer;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeId;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.changetrail.domain.lifecycle.EventKind;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.domain.lifecycle.StandardChange;
import io.changetrail.domain.template.ChangeTemplate;
import io.changetrail.git.GitRepository;
import io.changetrail.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The use cases "register a change" ({@code change new}) and "bring a change up to date with new
 * commits" ({@code change update}): assess a range of commits, bind the change to exactly that
 * content, and record both in the ledger.
 */
public final class RegisterChange {
  private static final ObjectMapper JSON = Json.MAPPER;
  private final Lifecycle lifecycle;
  private final SecureRandom random = new SecureRandom();

  public RegisterChange(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * What to register.
   *
   * @param range {@code A..B}, or empty for the current branch since the default branch
   * @param title the change's title; empty for the first commit's subject
   * @param changeClass NORMAL, EMERGENCY, STANDARD; empty to decide (STANDARD when a template fits)
   * @param reason why, for an emergency change
   * @param writeDocument whether to write a pre-filled change document to changes/ID.md
   * @param supersedes the id of a rejected (or closed) change of exactly this content that the new
   *     change replaces, shown to its approvers with its rejection; empty for none
   */
  public record Request(
      String range,
      String title,
      Optional<ChangeClass> changeClass,
      String reason,
      boolean writeDocument,
      String supersedes) {
    public Request(String range, String title, Optional<ChangeClass> changeClass, String reason) {
      this(range, title, changeClass, reason, false, "");
    }

    public Request(
        String range,
        String title,
        Optional<ChangeClass> changeClass,
        String reason,
        boolean writeDocument) {
      this(range, title, changeClass, reason, writeDocument, "");
    }

    public Request {
      supersedes = supersedes == null ? "" : supersedes.strip();
    }
  }

  /** A snapshot of the content a change is bound to. */
  record Content(
      String base,
      String tip,
      String branch,
      List<CommitInfo> commits,
      List<String> authors,
      String hash,
      Assessment assessment,
      String patchId) {}

  public ChangeRecord register(Request request) {
    Content content = content(request.range());
    ChangeClass changeClass = request.changeClass().orElseGet(() -> classify(content.assessment()));
    if (changeClass == ChangeClass.EMERGENCY && request.reason().isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "an emergency change needs a reason",
          "add --reason 'what is broken in production and why it cannot wait'");
    }
    String title =
        request.title().isBlank() ? content.commits().get(0).subject() : request.title().strip();
    Person actor = lifecycle.actor();
    ChangeRecord created =
        lifecycle
            .ledger()
            .create(
                this::newId,
                id -> {
                  if (request.writeDocument() && Files.exists(document(id))) {
                    throw new ChangeTrailException(
                        Problem.INVALID_INPUT,
                        document(id) + " already exists",
                        "leave out --write-doc");
                  }
                  Map<String, Object> registered = new LinkedHashMap<>();
                  registered.put("title", title);
                  registered.put("class", changeClass.name());
                  registered.put("implementer", actor.display());
                  registered.put("reason", request.reason());
                  registered.put("branch", content.branch());
                  if (!request.supersedes().isEmpty()) {
                    registered.put("supersedes", request.supersedes());
                  }
                  contentFacts(content, registered);
                  return List.of(
                      new Fact(actor.display(), EventKind.REGISTERED, id, registered),
                      new Fact(actor.display(), EventKind.ASSESSED, id, assessedFacts(content)));
                },
                content.hash(),
                same -> refuseSameContent(same, request.supersedes(), content.hash()));
    if (request.writeDocument()) {
      writeDocument(document(created.id()), created.id(), title, content.assessment());
    }
    return created;
  }

  /**
   * The same content is one change: registering it again is refused, naming the change that has it.
   * Only a rejected or closed change can be superseded, and only when the caller names it (so a
   * rejection is never bypassed by registering the same commits under a new id unnoticed).
   */
  private static void refuseSameContent(
      List<ChangeRecord> same, String supersedes, String contentHash) {
    for (ChangeRecord record : same) {
      boolean ended =
          record.status() == ChangeStatus.REJECTED || record.status() == ChangeStatus.CLOSED;
      if (ended && record.id().equals(supersedes)) {
        continue;
      }
      if (ended) {
        String why =
            record.rejections().isEmpty()
                ? "closed"
                : "rejected by "
                    + record.rejections().get(record.rejections().size() - 1).by().display()
                    + rejectionComment(record);
        throw new ChangeTrailException(
            Problem.REFUSED,
            record.id()
                + " covers exactly this content ("
                + shortHash(contentHash)
                + ") and was "
                + why,
            "change the content and run 'changetrail change update "
                + record.id()
                + "', or register a new change that supersedes it (its approvers see the"
                + " rejection) with --supersedes "
                + record.id());
      }
      throw new ChangeTrailException(
          Problem.NOTHING_TO_DO,
          record.id()
              + " already covers exactly this content ("
              + shortHash(contentHash)
              + ", status "
              + record.status()
              + "): nothing was registered",
          "show it with 'changetrail change show " + record.id() + "'");
    }
    if (!supersedes.isEmpty() && same.stream().noneMatch(r -> r.id().equals(supersedes))) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "--supersedes " + supersedes + ": that change does not cover exactly this content",
          "supersede only a rejected or closed change of the same commits; otherwise leave it out");
    }
  }

  private static String rejectionComment(ChangeRecord record) {
    String comment = record.rejections().get(record.rejections().size() - 1).comment();
    return comment == null || comment.isBlank() ? "" : ": \"" + comment + "\"";
  }

  private Path document(String id) {
    return lifecycle.workspace().git().root().resolve("changes").resolve(id + ".md");
  }

  /**
   * Writes changes/ID.md: the change document pre-filled from the assessment, with prompts for what
   * only people know, and the Change-Id trailer. Written to a temporary file and moved, so it is
   * never half-written.
   */
  private static void writeDocument(Path file, String id, String title, Assessment assessment) {
    ChangeDocument document =
        ChangeTemplate.from(assessment, title).withTrailer(new Trailer("Change-Id", id));
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "." + id, ".md.tmp");
      try {
        Files.writeString(temp, ChangeDocumentRenderer.render(document), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO,
          id + " is registered, but " + file + " could not be written: " + e.getMessage(),
          "write it with 'changetrail template > changes/" + id + ".md'");
    }
  }

  /**
   * Re-links a change to its branch's new commits and re-assesses it. Approvals given for the old
   * content stop counting, unless the commits were only rewritten with the same diff (the same
   * patch identity: amended messages, added trailers, a rebase that left the changed lines alone):
   * then the ledger records the new commits as the same content and the approvals stand.
   */
  public ChangeRecord update(String changeId, String range) {
    return lifecycle
        .ledger()
        .update(
            changeId,
            record -> {
              String effective = range.isBlank() ? record.base() + "..HEAD" : range;
              Content content = content(effective);
              if (content.hash().equals(record.contentHash())) {
                throw new ChangeTrailException(
                    Problem.NOTHING_TO_DO,
                    record.id()
                        + " already covers exactly this content ("
                        + shortHash(content.hash())
                        + ")",
                    "commit the new work first");
              }
              Map<String, Object> facts = assessedFacts(content);
              if (!record.patchId().isEmpty() && record.patchId().equals(content.patchId())) {
                // rewritten commits, the same diff: the same content, approvals stand
                facts.put("sameContentAs", record.contentHash());
              }
              return List.of(
                  new Fact(lifecycle.actor().display(), EventKind.ASSESSED, record.id(), facts));
            });
  }

  /** The content of a range (or of the current branch) as it is in git now. */
  Content content(String range) {
    GitRepository git = lifecycle.workspace().git();
    String base;
    String tip;
    if (range == null || range.isBlank()) {
      String defaultBranch = lifecycle.workspace().defaultBranch();
      tip = git.resolveCommit("HEAD");
      base = git.mergeBaseOf(defaultBranch, "HEAD");
      if (base.equals(tip)) {
        Optional<String> current = git.currentBranch();
        String where =
            current.isEmpty()
                ? "HEAD is detached and has no commits that are not on " + defaultBranch
                : current.get().equals(defaultBranch)
                    ? "you are on the default branch " + defaultBranch
                    : "the branch "
                        + current.get()
                        + " has no commits that are not on "
                        + defaultBranch;
        throw new ChangeTrailException(
            Problem.NOTHING_TO_DO,
            where
                + ": without --range, 'change new' registers this branch since it left "
                + defaultBranch,
            "name the commits with --range, e.g. --range HEAD~1..HEAD (the last commit) or"
                + " --range v1.4.0..HEAD, or commit on a feature branch first");
      }
    } else {
      // the one range grammar of every command (RevisionRange): A..B, A...B, A.., REV
      String[] ends = git.rangeEnds(range);
      base = ends[0];
      tip = ends[1];
    }
    ChangeSet change = git.range(base + ".." + tip);
    // the build graph of the change's own commits, not of the work tree
    Assessment assessment =
        new Assessor(
                lifecycle
                    .workspace()
                    .policy(
                        new AssessChange(lifecycle.workspace())
                            .systemsAt(tip, base, change.files())))
            .assess(change);
    Set<String> authors = new LinkedHashSet<>();
    for (CommitInfo commit : change.commits()) {
      authors.add(new Person(commit.authorName(), commit.authorEmail()).display());
      if (!commit.committerEmail().isEmpty() || !commit.committerName().isEmpty()) {
        authors.add(new Person(commit.committerName(), commit.committerEmail()).display());
      }
    }
    List<String> shas = change.commits().stream().map(CommitInfo::sha).toList();
    String hash = contentHash(base, tip, shas, git.diffDigest(base, tip));
    String branch = range == null || range.isBlank() ? git.currentBranch().orElse("") : "";
    return new Content(
        base,
        tip,
        branch,
        change.commits(),
        new ArrayList<>(authors),
        hash,
        assessment,
        git.patchIdentity(base, tip));
  }

  private Map<String, Object> assessedFacts(Content content) {
    Map<String, Object> data = new LinkedHashMap<>();
    contentFacts(content, data);
    @SuppressWarnings("unchecked")
    Map<String, Object> assessment =
        JSON.convertValue(AssessmentJson.toJson(content.assessment()), Map.class);
    assessment.remove("description");
    data.put("assessment", assessment);
    return data;
  }

  private static void contentFacts(Content content, Map<String, Object> data) {
    data.put("base", content.base());
    data.put("tip", content.tip());
    data.put("commits", content.commits().stream().map(CommitInfo::sha).toList());
    data.put("authors", content.authors());
    data.put("contentHash", content.hash());
    data.put("patchId", content.patchId());
  }

  private ChangeClass classify(Assessment assessment) {
    List<String> paths = new ArrayList<>();
    for (AffectedSystem system : assessment.directSystems()) {
      paths.addAll(system.paths());
    }
    for (StandardChange template : lifecycle.config().standardChanges()) {
      if (template.fits(paths, assessment.risk().level())) {
        return ChangeClass.STANDARD;
      }
    }
    return ChangeClass.NORMAL;
  }

  private String newId(Set<String> taken) {
    LocalDate today = LocalDate.ofInstant(lifecycle.ledger().now(), ZoneOffset.UTC);
    for (int attempt = 0; attempt < 100; attempt++) {
      String id = ChangeId.generate(today, random).value();
      if (!taken.contains(id)) {
        return id;
      }
    }
    throw new IllegalStateException("no free change id today after 100 attempts");
  }

  /** SHA-256 over the range, its commits and the digest of its diff. */
  static String contentHash(String base, String tip, List<String> commits, String diffDigest) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("base " + base + "\ntip " + tip + "\n").getBytes(StandardCharsets.UTF_8));
      for (String commit : commits) {
        sha.update(("commit " + commit + "\n").getBytes(StandardCharsets.UTF_8));
      }
      sha.update(("diff " + diffDigest + "\n").getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String shortHash(String hash) {
    int colon = hash.indexOf(':');
    String hex = colon < 0 ? hash : hash.substring(colon + 1);
    return hex.substring(0, Math.min(12, hex.length()));
  }
}
