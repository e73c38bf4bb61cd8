package io.changetrail.git;

/**
 * The blob ids of the files of one diff, before and after it, as {@code git log --raw --no-abbrev}
 * prints them: entry {@code i} belongs to the diff's file {@code i}. An id is null where the file
 * is absent on that side or is not a blob there (a submodule).
 */
public final class BlobIds {
  private final String[] before;
  private final String[] after;

  BlobIds(String[] before, String[] after) {
    this.before = before;
    this.after = after;
  }

  /** How many files the diff has. */
  public int size() {
    return before.length;
  }

  /** The blob id of file {@code i} before the diff (of its old path for a rename), or null. */
  public String before(int i) {
    return before[i];
  }

  /** The blob id of file {@code i} after the diff, or null. */
  public String after(int i) {
    return after[i];
  }
}
