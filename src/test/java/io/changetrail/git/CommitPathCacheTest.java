package io.changetrail.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paths of commits come from the cache exactly as {@code git log --name-only} lists them. */
class CommitPathCacheTest {
  @TempDir Path dir;
  TestRepo repo;
  GitRepository git;

  @BeforeEach
  void history() {
    repo = TestRepo.init(dir);
    repo.file("a/One.java", "1\n").file("b/Two.java", "2\n").commit("root");
    repo.branch("side").file("a/Side.java", "s\n").commit("side");
    repo.checkout("main").move("b/Two.java", "b/Deux.java").commit("rename");
    repo.merge("side", "Merge branch 'side'");
    repo.delete("a/One.java").file("café/ü.txt", "u\n").commit("delete and unicode");
    git = GitRepository.open(dir);
  }

  private List<String> entries(List<String> pathspecs) {
    List<String> seen = new ArrayList<>();
    git.log().stream(
        "HEAD",
        true,
        false,
        pathspecs,
        e -> seen.add(e.commit().sha() + " " + e.commit().subject() + " " + e.paths()));
    return seen;
  }

  @Test
  void cachedPathsAreWhatGitListsAndSurviveADamagedFile() throws Exception {
    // ":/" (the whole tree) takes git's own --name-only listing, never the cache
    List<String> listed = entries(List.of(":/"));
    Path cache = dir.resolve(".git/changetrail/cache/paths-v1");
    assertThat(cache).doesNotExist();

    assertThat(entries(List.of())).isEqualTo(listed);
    assertThat(cache).exists();
    assertThat(entries(List.of())).as("from the cache").isEqualTo(listed);
    assertThat(listed)
        .anyMatch(e -> e.contains("rename [b/Deux.java, b/Two.java]"))
        .anyMatch(e -> e.contains("Merge branch 'side' [a/Side.java]"))
        .anyMatch(e -> e.contains("[a/One.java, café/ü.txt]"));

    Files.write(cache, new byte[] {0x43, 0x54, 0x50, 0x31, 0x7f, 0x7f, 0x7f});
    assertThat(entries(List.of())).as("damaged: listed again").isEqualTo(listed);
    assertThat(Files.size(cache)).isGreaterThan(7);

    repo.file("c/Three.java", "3\n").commit("one more");
    List<String> more = entries(List.of());
    assertThat(more).hasSize(listed.size() + 1).endsWith(listed.toArray(String[]::new));
    assertThat(more.get(0)).endsWith("one more [c/Three.java]");
  }

  private List<String> entriesWithPaths(java.util.function.Predicate<String> needsPaths) {
    List<String> seen = new ArrayList<>();
    git.log()
        .streamWithPaths(
            "HEAD",
            false,
            c -> needsPaths.test(c.subject()),
            e -> seen.add(e.commit().sha() + " " + e.commit().subject() + " " + e.paths()));
    return seen;
  }

  @Test
  void pathsListedByTwoGitProcessesAtOnceAreWhatGitListsInOne() throws Exception {
    // a history long enough that a listing by commit id also takes two processes
    StringBuilder stream = new StringBuilder();
    for (int i = 0; i < CommitPathListing.SPLIT_FROM + 50; i++) {
      String message = "change " + i;
      stream
          .append("commit refs/heads/main\ncommitter A <a@example.com> ")
          .append(1_700_000_000 + i)
          .append(" +0000\ndata ")
          .append(message.length())
          .append('\n')
          .append(message)
          .append('\n');
      if (i == 0) {
        stream.append("from refs/heads/main^0\n");
      }
      stream.append("M 100644 inline d").append(i % 7).append("/F").append(i).append(".txt\n");
      stream.append("data 2\nx\n");
    }
    repo.fastImport(stream.toString());
    repo.git("reset", "-q", "--hard", "main");
    List<String> listed = entries(List.of(":/"));
    Path cache = dir.resolve(".git/changetrail/cache/paths-v1");

    assertThat(entriesWithPaths(s -> true)).as("no cache: the range listed").isEqualTo(listed);
    assertThat(cache).exists();
    assertThat(entriesWithPaths(s -> true)).as("from the cache").isEqualTo(listed);
    Files.write(cache, new byte[] {0x43, 0x54, 0x50, 0x31, 0x7f, 0x7f, 0x7f});
    assertThat(entriesWithPaths(s -> true)).as("every commit listed by id").isEqualTo(listed);

    // what does not need its paths gets none (and is not listed)
    Files.delete(cache);
    List<String> withoutMerges = entriesWithPaths(s -> !s.startsWith("Merge"));
    assertThat(withoutMerges)
        .hasSize(listed.size())
        .anyMatch(e -> e.endsWith("Merge branch 'side' []"))
        .anyMatch(e -> e.endsWith("change 17 [d3/F17.txt]"));
    assertThat(entriesWithPaths(s -> true)).as("the merge listed by id").isEqualTo(listed);
  }
}
