package io.changetrail.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.change.ChangeSet;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
  @TempDir Path dir;

  @Test
  void theWholeHistoryStreamsOldestFirstAndSurvivesAMissingObject() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file("a.txt", "one\n").commit("FEATURE: a");
    repo.file("big.properties", "large=1\n").commit("FEATURE: big");
    String big = repo.head();
    repo.file("big.properties", "large=2\n").commit("CONFIGURATION: bigger");
    repo.file("b.txt", "two\nthree\n").commit("FEATURE: b");
    // a partial copy: the first version of big.properties is gone
    String blob = repo.git("rev-parse", big + ":big.properties").strip();
    Files.delete(dir.resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2)));

    List<ChangeSet> seen = new ArrayList<>();
    List<String> incomplete = GitRepository.open(dir).history("HEAD", List.of(), seen::add);

    assertThat(seen)
        .extracting(c -> c.commits().get(0).subject())
        .containsExactly("FEATURE: a", "FEATURE: big", "CONFIGURATION: bigger", "FEATURE: b");
    assertThat(incomplete).isNotEmpty().allMatch(sha -> sha.length() == 40);
    assertThat(seen.get(3).linesAdded()).isEqualTo(2);
    assertThat(seen.get(1).files()).extracting(f -> f.path()).containsExactly("big.properties");
  }
}
