package io.changetrail.domain.change;

import java.time.OffsetDateTime;
import java.util.List;

/** One commit: its identity, author, committer and message. */
public record CommitInfo(
    String sha,
    List<String> parents,
    String authorName,
    String authorEmail,
    OffsetDateTime authorTime,
    String committerName,
    String committerEmail,
    String message) {

  public CommitInfo {
    parents = List.copyOf(parents);
    message = message == null ? "" : message;
    committerName = committerName == null ? "" : committerName;
    committerEmail = committerEmail == null ? "" : committerEmail;
  }

  public CommitInfo(
      String sha,
      List<String> parents,
      String authorName,
      String authorEmail,
      OffsetDateTime authorTime,
      String message) {
    this(sha, parents, authorName, authorEmail, authorTime, "", "", message);
  }

  public String shortSha() {
    return sha.length() > 10 ? sha.substring(0, 10) : sha;
  }

  public boolean isMerge() {
    return parents.size() > 1;
  }

  /** The first line of the message. */
  public String subject() {
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
