package io.changetrail.domain.change;

/** What a change did to one file. */
public enum FileStatus {
  ADDED,
  MODIFIED,
  DELETED,
  RENAMED,
  COPIED,
  TYPE_CHANGED,
  UNMERGED;

  /** Maps git's one-letter status (the first letter of {@code R100}, {@code M}...). */
  public static FileStatus fromGitLetter(char letter) {
    return switch (letter) {
      case 'A' -> ADDED;
      case 'M' -> MODIFIED;
      case 'D' -> DELETED;
      case 'R' -> RENAMED;
      case 'C' -> COPIED;
      case 'T' -> TYPE_CHANGED;
      case 'U' -> UNMERGED;
      default -> MODIFIED;
    };
  }
}
