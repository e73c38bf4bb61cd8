package io.changetrail.app.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.app.Workspace;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --each assesses on a second thread while the first reads git: assessments and skipped commits
 * still reach the caller in the walk's order, on one thread at a time, and a failure stops it.
 */
class EachCommitInOrderTest {
  @TempDir Path dir;

  private TestRepo history(Path where, int commits) {
    TestRepo repo = TestRepo.tradingSystem(where);
    for (int i = 1; i <= commits; i++) {
      repo.file("common/src/main/java/acme/Money.java", "class Money { int v" + i + "; }\n")
          .commit("BUGFIX: money " + i);
    }
    return repo;
  }

  @Test
  void assessmentsAndSkippedCommitsArriveInTheWalksOrder() {
    TestRepo origin = history(dir.resolve("origin"), 150);
    Path shallow = dir.resolve("shallow");
    origin.git("clone", "-q", "--depth", "120", "file://" + origin.root(), shallow.toString());
    List<String> expected =
        List.of(origin.git("log", "--format=%H", "-n", "120", "HEAD").strip().split("\n"));

    List<String> seen = new ArrayList<>();
    new AssessChange(Workspace.open(shallow))
        .eachCommit(
            "HEAD",
            0,
            assessment -> seen.add(assessment.subject().replace("commit ", "").substring(0, 10)),
            skipped -> seen.add("skipped " + skipped.sha()));

    assertThat(seen).hasSize(120);
    assertThat(seen.subList(0, 119))
        .isEqualTo(expected.subList(0, 119).stream().map(sha -> sha.substring(0, 10)).toList());
    assertThat(seen.get(119)).isEqualTo("skipped " + expected.get(119));
  }

  @Test
  void aFailureOfTheCallerStopsTheWalkAndReachesTheCaller() {
    history(dir.resolve("repo"), 200);
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(
            () ->
                new AssessChange(Workspace.open(dir.resolve("repo")))
                    .eachCommit(
                        "HEAD",
                        0,
                        assessment -> {
                          seen.add(assessment.subject());
                          if (seen.size() == 3) {
                            throw new ChangeTrailException(Problem.INVALID_INPUT, "stop", "");
                          }
                        }))
        .isInstanceOf(ChangeTrailException.class)
        .hasMessage("stop");
    assertThat(seen).hasSize(3);
  }
}
