package io.changetrail.app.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shallow clones (real `git clone --depth N`) and repositories that lack an object. */
class ShallowAndMissingHistoryTest {
  @TempDir Path dir;

  private TestRepo origin() {
    TestRepo repo = TestRepo.tradingSystem(dir.resolve("origin"));
    for (int i = 1; i <= 4; i++) {
      repo.file("common/src/main/java/acme/Money.java", "class Money { int v" + i + "; }\n")
          .commit("BUGFIX: money " + i);
    }
    return repo;
  }

  private Path clone(TestRepo origin, int depth) {
    Path target = dir.resolve("clone" + depth);
    origin.git(
        "clone",
        "-q",
        "--depth",
        Integer.toString(depth),
        "file://" + origin.root(),
        target.toString());
    return target;
  }

  @Test
  void aCommitWhoseParentWasNotFetchedIsNotAssessedAsARootCommit() {
    Path shallow = clone(origin(), 1);
    Cli.Result result = Cli.run(shallow, "assess", "--commit", "HEAD");
    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err())
        .contains("parent is not in this shallow clone")
        .contains("fetch-depth");
    assertThat(result.out()).doesNotContain("HIGH");
  }

  @Test
  void withItsParentFetchedTheCommitIsAssessedAndTheCloneNamedShallow() throws Exception {
    Path shallow = clone(origin(), 2);
    Cli.Result result = Cli.run(shallow, "assess", "--commit", "HEAD", "--format", "json");
    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.at("/stats/files").asInt()).isEqualTo(1);
    assertThat(json.toString()).contains("shallow clone");
  }

  @Test
  void eachCommitStopsAtTheShallowBoundaryWithAWarning() {
    Path shallow = clone(origin(), 3);
    Cli.Result result = Cli.run(shallow, "assess", "--range", "HEAD", "--each", "--format", "json");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines()).hasSize(2);
    assertThat(result.err()).contains("not assessed").contains("shallow clone");
  }

  @Test
  void aRangeReachingBeyondTheCloneSaysTheCloneIsShallow() {
    Path shallow = clone(origin(), 2);
    Cli.Result result = Cli.run(shallow, "assess", "--range", "HEAD~3..HEAD");
    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err()).contains("shallow clone").contains("fetch-depth 0");
    Cli.Result lint = Cli.run(shallow, "lint", "--range", "HEAD~3..HEAD");
    assertThat(lint.err()).contains("shallow clone");
  }

  @Test
  void aMissingBlobIsNamedAndTheOtherCommitsAreStillAssessed() throws Exception {
    TestRepo repo = origin();
    String blob = repo.git("rev-parse", "HEAD~2:common/src/main/java/acme/Money.java").strip();
    Path object =
        repo.root().resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2));
    assertThat(object).exists();
    Files.delete(object);
    Cli.Result result =
        Cli.run(repo.root(), "assess", "--range", "HEAD~4..HEAD", "--each", "--format", "json");
    // HEAD~2 added the blob and HEAD~1 changed it: both diffs need it
    List<String> assessed = new ArrayList<>();
    for (String line : result.out().lines().toList()) {
      assessed.add(new ObjectMapper().readTree(line).at("/commits/0/sha").asText());
    }
    assertThat(assessed).containsExactly(repo.sha("HEAD"), repo.sha("HEAD~3"));
    assertThat(result.err())
        .contains("object " + blob + " is missing")
        .contains(repo.sha("HEAD~1"))
        .contains(repo.sha("HEAD~2"));
    assertThat(result.exitCode()).isEqualTo(8);
    Cli.Result one = Cli.run(repo.root(), "assess", "--commit", "HEAD~1");
    assertThat(one.err()).contains("object " + blob + " is missing");
  }
}
