package io.changetrail.domain.change;

import java.util.List;

/**
 * What is being assessed: the files a diff touches, the commits it comes from (none for staged or
 * working-tree changes) and the description of the change.
 *
 * @param label what this is, for people ("staged changes", "commit 1a2b3c4d5e", "range A..B")
 * @param files every file the diff touches
 * @param commits the commits in the change, oldest first (empty for uncommitted changes)
 * @param description the description: given by the user, else the commit message(s)
 * @param notes what the reader should know about how the diff was read (merge commits assessed
 *     against their first parent, paths that are not UTF-8...)
 */
public record ChangeSet(
    String label,
    List<FileChange> files,
    List<CommitInfo> commits,
    String description,
    List<String> notes) {

  public ChangeSet {
    files = List.copyOf(files);
    commits = List.copyOf(commits);
    description = description == null ? "" : description;
    notes = List.copyOf(notes);
  }

  public ChangeSet(
      String label, List<FileChange> files, List<CommitInfo> commits, String description) {
    this(label, files, commits, description, List.of());
  }

  public ChangeSet withDescription(String newDescription) {
    return new ChangeSet(label, files, commits, newDescription, notes);
  }

  public int linesAdded() {
    return files.stream().mapToInt(FileChange::additions).sum();
  }

  public int linesDeleted() {
    return files.stream().mapToInt(FileChange::deletions).sum();
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }
}
