package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.git.GitRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A change's documents as git holds them: {@code changes/<id>.md} when it exists, then the message
 * of every commit of its range, oldest first.
 *
 * @param documents in reading order
 * @param commits the commits of the change's range, oldest first
 */
public record ChangeDocuments(List<ChangeDocument> documents, List<CommitInfo> commits) {
  public static ChangeDocuments of(GitRepository git, ChangeRecord change) {
    ChangeDocumentParser parser = new ChangeDocumentParser();
    List<ChangeDocument> documents = new ArrayList<>();
    Path file = git.root().resolve("changes").resolve(change.id() + ".md");
    if (Files.isRegularFile(file)) {
      try {
        documents.add(parser.parse(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new ChangeTrailException(
            Problem.IO, "cannot read " + file + ": " + e.getMessage(), "");
      }
    }
    List<CommitInfo> commits = List.of();
    if (!change.base().isEmpty() && !change.tip().isEmpty()) {
      commits = git.commits(change.base() + ".." + change.tip());
      for (CommitInfo commit : commits) {
        documents.add(parser.parse(commit.message()));
      }
    }
    return new ChangeDocuments(documents, commits);
  }
}
