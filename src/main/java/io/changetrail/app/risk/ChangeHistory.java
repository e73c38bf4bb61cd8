package io.changetrail.app.risk;

import io.changetrail.domain.change.ChangeSet;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.risk.ChangeFeatures;
import io.changetrail.domain.risk.FixDetector;
import io.changetrail.domain.risk.HistoryFeatures;
import io.changetrail.git.GitRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The features of one change against the history before it, for {@code assess} with a calibrated
 * model: the past of the change's files from one {@code git log} of those paths, and the author's
 * experience from one {@code git log} without diffs.
 */
public final class ChangeHistory {
  private final GitRepository git;

  public ChangeHistory(GitRepository git) {
    this.git = git;
  }

  /**
   * The features of {@code change}.
   *
   * @param base the revision the change applies to (null: no history, e.g. a root commit)
   * @param authorName who made the change
   * @param authorEmail their e-mail address
   * @param time when
   */
  public ChangeFeatures features(
      ChangeSet change, String base, String authorName, String authorEmail, Instant time) {
    HistoryFeatures history = new HistoryFeatures();
    String author = HistoryFeatures.author(authorName, authorEmail);
    if (base != null) {
      Set<String> paths = new LinkedHashSet<>();
      for (FileChange file : change.files()) {
        paths.add(file.path());
        if (file.oldPath() != null) {
          paths.add(file.oldPath());
        }
      }
      if (!paths.isEmpty()) {
        git.history(
            base,
            new ArrayList<>(paths),
            past -> {
              CommitInfo c = past.commits().get(0);
              history.observeFiles(
                  HistoryFeatures.author(c.authorName(), c.authorEmail()),
                  c.authorTime().toInstant(),
                  past.files());
            });
      }
      git.log().stream(
          base,
          false,
          false,
          List.of(),
          entry -> {
            if (!entry.commit().isMerge()) {
              history.observeAuthor(
                  HistoryFeatures.author(
                      entry.commit().authorName(), entry.commit().authorEmail()));
            }
          });
    }
    boolean fix = new FixDetector().isFix(change.description());
    return history.features(author, time, change.files(), fix);
  }
}
