package io.changetrail.domain.changelog;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a history into releases at its tags, as git-cliff does, but by ancestry rather than by
 * position in the log: a commit belongs to the oldest tag whose history holds it, so a commit of a
 * branch merged after v1.0 is in v1.1 even when its date is older than v1.0's. Commits no tag holds
 * are the head release (Unreleased).
 *
 * <p>Feed commits newest first (as {@code git log} prints them), then call {@link #releases}.
 */
public final class ReleaseSplitter {
  private final Map<String, String> tags;
  private final List<String> shas = new ArrayList<>();
  private final List<String[]> parents = new ArrayList<>();
  private final List<LocalDate> dates = new ArrayList<>();
  private final List<List<ReleaseEntry>> entries = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();

  /**
   * @param tags the tag that names each tagged commit (commit id to tag name)
   */
  public ReleaseSplitter(Map<String, String> tags) {
    this.tags = Map.copyOf(tags);
  }

  /** One commit of the history, newer ones first; {@code parents}: the ones to follow. */
  public void add(String sha, List<String> parents, LocalDate date, List<ReleaseEntry> entries) {
    index.put(sha, shas.size());
    shas.add(sha);
    this.parents.add(parents.toArray(String[]::new));
    dates.add(date);
    this.entries.add(entries);
  }

  public int commits() {
    return shas.size();
  }

  /**
   * The releases, newest first: the head release (titled {@code headTitle}) when it has commits or
   * there is no tagged one, then one per tag.
   *
   * @param rangeStart what the range excludes ({@code A} of {@code A..B}), or empty
   * @param rangeEnd the range's end, for the head release's range
   */
  public List<Release> releases(String headTitle, String rangeStart, String rangeEnd) {
    int n = shas.size();
    int[] release = new int[n];
    Arrays.fill(release, -1);
    List<Integer> tagged = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (tags.containsKey(shas.get(i))) {
        tagged.add(i);
      }
    }
    // oldest tag first: it takes its whole history; each newer one what is left of its own
    Deque<Integer> todo = new ArrayDeque<>();
    for (int t = tagged.size() - 1; t >= 0; t--) {
      int start = tagged.get(t);
      if (release[start] >= 0) {
        continue; // an older tag's history already holds it (tagged twice along one line)
      }
      release[start] = t;
      todo.push(start);
      while (!todo.isEmpty()) {
        int at = todo.pop();
        for (String parent : parents.get(at)) {
          Integer p = index.get(parent);
          if (p != null && release[p] < 0) {
            release[p] = t;
            todo.push(p);
          }
        }
      }
    }
    List<List<ReleaseEntry>> byRelease = new ArrayList<>();
    int[] counts = new int[tagged.size() + 1];
    LocalDate[] newest = new LocalDate[tagged.size() + 1];
    for (int r = 0; r <= tagged.size(); r++) {
      byRelease.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      int r = release[i] < 0 ? tagged.size() : release[i];
      byRelease.get(r).addAll(entries.get(i));
      counts[r]++;
      if (newest[r] == null) {
        newest[r] = dates.get(i);
      }
    }
    List<Release> releases = new ArrayList<>();
    int head = tagged.size();
    boolean anyTagged = false;
    for (int t = 0; t < tagged.size(); t++) {
      anyTagged |= counts[t] > 0;
    }
    if (counts[head] > 0 || !anyTagged) {
      String newestTag = newestTagWithCommits(tagged, counts);
      String from = newestTag.isEmpty() ? rangeStart : newestTag;
      releases.add(
          new Release(
              headTitle, range(from, rangeEnd), newest[head], byRelease.get(head), counts[head]));
    }
    for (int t = 0; t < tagged.size(); t++) {
      if (counts[t] == 0) {
        continue;
      }
      String tag = tags.get(shas.get(tagged.get(t)));
      String older = rangeStart;
      for (int o = t + 1; o < tagged.size(); o++) {
        if (counts[o] > 0) {
          older = tags.get(shas.get(tagged.get(o)));
          break;
        }
      }
      releases.add(
          new Release(
              tag, range(older, tag), dates.get(tagged.get(t)), byRelease.get(t), counts[t], tag));
    }
    return releases;
  }

  private String newestTagWithCommits(List<Integer> tagged, int[] counts) {
    for (int t = 0; t < tagged.size(); t++) {
      if (counts[t] > 0) {
        return tags.get(shas.get(tagged.get(t)));
      }
    }
    return "";
  }

  private static String range(String from, String to) {
    return from.isEmpty() ? to : from + ".." + to;
  }
}
