package io.changetrail.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.ChangeSet;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoryTest {
  @TempDir Path dir;

  private static void assertProblem(Runnable action, Problem problem, String message) {
    assertThatThrownBy(action::run)
        .isInstanceOf(ChangeTrailException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ChangeTrailException) e).problem()).isEqualTo(problem));
  }

  @Test
  void stagedChangeWithLineCounts() {
    TestRepo repo = TestRepo.init(dir).lines("a.txt", 3).commit("init");
    repo.lines("a.txt", 5).file("b.txt", "x\n").stage();
    ChangeSet staged = GitRepository.open(dir).staged();
    assertThat(staged.files())
        .containsExactly(
            FileChange.of("a.txt", FileStatus.MODIFIED, 2, 0),
            FileChange.of("b.txt", FileStatus.ADDED, 1, 0));
    assertThat(staged.commits()).isEmpty();
  }

  @Test
  void openingFromASubfolderFindsTheRoot() throws Exception {
    TestRepo.init(dir).file("a/b/c.txt", "x\n").commit("init");
    GitRepository git = GitRepository.open(dir.resolve("a/b"));
    assertThat(git.root().toRealPath()).isEqualTo(dir.toRealPath());
  }

  @Test
  void nothingStagedIsNothingToDo() {
    TestRepo.init(dir).file("a.txt", "x\n").commit("init");
    assertProblem(
        () -> GitRepository.open(dir).staged(), Problem.NOTHING_TO_DO, "nothing is staged");
  }

  @Test
  void notARepositoryIsSaidSo() throws Exception {
    Path plain = Files.createDirectory(dir.resolve("plain"));
    assertProblem(
        () -> GitRepository.open(plain), Problem.NOT_A_REPOSITORY, "not inside a git work tree");
    assertProblem(
        () -> GitRepository.open(dir.resolve("missing")),
        Problem.NOT_A_REPOSITORY,
        "not a directory");
  }

  @Test
  void emptyRepositoryHasNoCommitsButStagedFilesAreTheFirstCommit() {
    TestRepo repo = TestRepo.init(dir);
    GitRepository git = GitRepository.open(dir);
    assertThat(git.hasCommits()).isFalse();
    assertProblem(() -> git.commit("HEAD"), Problem.NO_COMMITS, "has no commits yet");
    assertProblem(git::staged, Problem.NOTHING_TO_DO, "nothing is staged");
    repo.file("a.txt", "x\n").stage();
    ChangeSet staged = git.staged();
    assertThat(staged.files()).extracting(FileChange::path).containsExactly("a.txt");
    assertThat(staged.notes()).anyMatch(n -> n.contains("first commit"));
  }

  @Test
  void workingTreeIncludesUnstagedAndUntrackedFiles() {
    TestRepo repo = TestRepo.init(dir).file("a.txt", "x\n").commit("init");
    repo.file("a.txt", "x\ny\n").file("new/untracked.txt", "1\n2\n3\n");
    ChangeSet working = GitRepository.open(dir).workingTree();
    assertThat(working.files())
        .containsExactlyInAnyOrder(
            FileChange.of("a.txt", FileStatus.MODIFIED, 1, 0),
            FileChange.of("new/untracked.txt", FileStatus.ADDED, 3, 0));
  }

  @Test
  void commitCarriesItsMessageAndAuthor() {
    TestRepo repo =
        TestRepo.init(dir)
            .file("a.txt", "x\n")
            .commit("init")
            .as("Bob", "bob@example.com")
            .file("a.txt", "y\n")
            .commit("BUGFIX: y not x\n\nbody line");
    ChangeSet commit = GitRepository.open(dir).commit("HEAD");
    assertThat(commit.label()).isEqualTo("commit " + repo.head().substring(0, 10));
    assertThat(commit.description()).isEqualTo("BUGFIX: y not x\n\nbody line");
    assertThat(commit.commits().get(0).authorEmail()).isEqualTo("bob@example.com");
    assertThat(commit.files()).containsExactly(FileChange.of("a.txt", FileStatus.MODIFIED, 1, 1));
  }

  @Test
  void rootCommitIsDiffedAgainstNothing() {
    TestRepo.init(dir).lines("a.txt", 4).commit("init");
    assertThat(GitRepository.open(dir).commit("HEAD").files())
        .containsExactly(FileChange.of("a.txt", FileStatus.ADDED, 4, 0));
  }

  @Test
  void unknownRevisionAndBadRange() {
    TestRepo.init(dir).file("a.txt", "x\n").commit("init");
    GitRepository git = GitRepository.open(dir);
    assertProblem(() -> git.commit("nope"), Problem.UNKNOWN_REVISION, "unknown revision 'nope'");
    assertProblem(
        () -> git.range("nope..HEAD"), Problem.UNKNOWN_REVISION, "unknown revision 'nope'");
    assertProblem(() -> git.range("a..b..c"), Problem.INVALID_INPUT, "is not a range");
    // one grammar: a revision alone is it with its whole history, as lint and changelog read it
    assertThat(git.range("HEAD").commits()).hasSize(1);
    assertProblem(() -> git.range("HEAD..HEAD"), Problem.NOTHING_TO_DO, "contains no commits");
    java.nio.file.Path written = dir.resolve("written-by-git.txt");
    assertProblem(
        () -> git.commit("--output=" + written), Problem.INVALID_INPUT, "starts with '-'");
    assertThat(written).doesNotExist();
  }

  @Test
  void mergeCommitIsAssessedAgainstItsFirstParent() {
    TestRepo repo = TestRepo.init(dir).file("a.txt", "x\n").commit("init");
    repo.branch("feature").file("feature.txt", "f\n").commit("feature work");
    repo.checkout("main").file("main.txt", "m\n").commit("main work");
    repo.merge("feature", "Merge branch 'feature'");
    ChangeSet merge = GitRepository.open(dir).commit("HEAD");
    assertThat(merge.files()).extracting(FileChange::path).containsExactly("feature.txt");
    assertThat(merge.notes()).contains("merge commit: assessed against its first parent");
  }

  @Test
  void rangeAndBranchCombineTheirCommits() {
    TestRepo repo = TestRepo.init(dir).file("a.txt", "x\n").commit("init");
    String base = repo.head();
    repo.branch("feature")
        .file("b.txt", "1\n")
        .commit("FEATURE: b")
        .file("c.txt", "1\n")
        .commit("c");
    GitRepository git = GitRepository.open(dir);
    ChangeSet range = git.range(base + "..HEAD");
    assertThat(range.commits()).extracting(c -> c.subject()).containsExactly("FEATURE: b", "c");
    assertThat(range.files()).extracting(FileChange::path).containsExactly("b.txt", "c.txt");
    assertThat(range.description()).startsWith("FEATURE: b");
    ChangeSet branch = git.branch("main");
    assertThat(branch.files()).isEqualTo(range.files());
    assertThat(branch.label()).contains("feature", "2 commit(s) since main");
    repo.checkout("main");
    assertProblem(
        () -> git.branch("main"), Problem.NOTHING_TO_DO, "no commits that are not on main");
  }

  @Test
  void binaryFilesRenamesAndDeletions() {
    TestRepo repo =
        TestRepo.init(dir).lines("old/name.txt", 20).file("gone.txt", "bye\n").commit("init");
    repo.move("old/name.txt", "new/name.txt")
        .delete("gone.txt")
        .bytes("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2})
        .commit("shuffle");
    ChangeSet commit = GitRepository.open(dir).commit("HEAD");
    assertThat(commit.files())
        .containsExactlyInAnyOrder(
            new FileChange("new/name.txt", "old/name.txt", FileStatus.RENAMED, 0, 0, false, false),
            FileChange.of("gone.txt", FileStatus.DELETED, 0, 1),
            new FileChange("logo.png", null, FileStatus.ADDED, 0, 0, true, false));
  }

  @Test
  void nonUtf8PathsStayVisible() throws Exception {
    TestRepo repo = TestRepo.init(dir).file("a.txt", "x\n").commit("init");
    Process process =
        new ProcessBuilder("bash", "-c", "printf 'x\\n' > \"$(printf 'caf\\351.txt')\"")
            .directory(dir.toFile())
            .start();
    assertThat(process.waitFor()).isZero();
    repo.commit("latin-1 name");
    ChangeSet commit = GitRepository.open(dir).commit("HEAD");
    assertThat(commit.files()).extracting(FileChange::path).containsExactly("caf\\xE9.txt");
    assertThat(commit.notes()).anyMatch(n -> n.contains("not valid UTF-8"));
  }

  @Test
  void submodulePointersAreMarked() throws Exception {
    Path other = Files.createDirectory(dir.resolve("other"));
    TestRepo.init(other).file("x.txt", "x\n").commit("lib");
    Path main = Files.createDirectory(dir.resolve("main"));
    TestRepo repo = TestRepo.init(main).file("a.txt", "x\n").commit("init");
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", other.toString(), "lib");
    repo.commit("add lib");
    ChangeSet commit = GitRepository.open(main).commit("HEAD");
    assertThat(commit.files())
        .filteredOn(FileChange::submodule)
        .extracting(FileChange::path)
        .containsExactly("lib");
  }

  @Test
  void tenThousandFilesAreReadInOnePass() throws Exception {
    TestRepo repo = TestRepo.init(dir).file("a.txt", "x\n").commit("init");
    for (int i = 0; i < 10_000; i++) {
      Path file = dir.resolve("bulk/d" + (i % 100) + "/f" + i + ".txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "v" + i + "\n");
    }
    repo.stage();
    ChangeSet staged = GitRepository.open(dir).staged();
    assertThat(staged.files()).hasSize(10_000);
    assertThat(staged.linesAdded()).isEqualTo(10_000);
  }

  @Test
  void eachCommitStreamsNewestFirst() {
    TestRepo repo = TestRepo.init(dir).file("a.txt", "x\n").commit("one");
    repo.file("b.txt", "x\n").commit("two").file("c.txt", "x\n").commit("three");
    List<String> subjects = new ArrayList<>();
    GitRepository.open(dir).eachCommit("HEAD", 2, c -> subjects.add(c.commits().get(0).subject()));
    assertThat(subjects).containsExactly("three", "two");
  }

  @Test
  void authorTimesOfKnownCommitsInOneBatchUnknownOnesLeftOut() {
    TestRepo repo = TestRepo.init(dir).file("a.txt", "1\n").commit("one");
    String first = repo.head();
    repo.file("a.txt", "2\n").commit("two");
    String second = repo.head();
    Map<String, Instant> times =
        GitRepository.open(dir)
            .authorTimes(List.of(second, first, "0".repeat(40), "--all", "HEAD", first));
    assertThat(times)
        .containsOnly(
            Map.entry(first, Instant.parse("2026-01-01T10:00:01Z")),
            Map.entry(second, Instant.parse("2026-01-01T10:00:02Z")));
  }
}
