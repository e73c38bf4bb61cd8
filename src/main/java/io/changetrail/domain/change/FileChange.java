package io.changetrail.domain.change;

/**
 * One file touched by a change, as the diff reports it.
 *
 * @param path the path after the change (for deletions, the path that was deleted)
 * @param oldPath the path before a rename or copy, else {@code null}
 * @param status what happened to the file
 * @param additions lines added (0 for binary files)
 * @param deletions lines deleted (0 for binary files)
 * @param binary whether git considers the content binary
 * @param submodule whether the entry is a submodule (gitlink)
 */
public record FileChange(
    String path,
    String oldPath,
    FileStatus status,
    int additions,
    int deletions,
    boolean binary,
    boolean submodule) {

  public FileChange {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("path is required");
    }
    if (status == null) {
      throw new IllegalArgumentException("status is required");
    }
  }

  public static FileChange of(String path, FileStatus status, int additions, int deletions) {
    return new FileChange(path, null, status, additions, deletions, false, false);
  }

  public int linesChanged() {
    return additions + deletions;
  }

  /** The file name without its folders. */
  public String fileName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
