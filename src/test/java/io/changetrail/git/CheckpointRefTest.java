package io.changetrail.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint mirror in a real repository. */
class CheckpointRefTest {
  @TempDir Path dir;

  static String note(int size) {
    return "example/log\n" + size + "\nAAAA\n\n\u2014 example.com/ledger c2lnbmF0dXJl\n";
  }

  @Test
  void keepsEveryCheckpointInOrderWithoutTouchingTheWorkTree() {
    TestRepo repo = TestRepo.init(dir).file("a.txt", "a\n").commit("FEATURE: first");
    CheckpointRef ref = CheckpointRef.of(GitRepository.open(dir));
    assertThat(ref.history()).isEmpty();
    assertThat(ref.latest()).isEmpty();
    ref.publish(note(1));
    ref.publish(note(2));
    assertThat(ref.history()).containsExactly(note(1), note(2));
    assertThat(ref.latest()).isEqualTo(note(2));
    assertThat(repo.root().resolve("checkpoint")).doesNotExist();
    assertThatThrownBy(() -> GitRepository.open(dir).staged())
        .hasMessageContaining("nothing is staged"); // the index was not touched
  }

  @Test
  void concurrentPublishersAllLand() throws Exception {
    TestRepo.init(dir);
    CheckpointRef ref = CheckpointRef.of(GitRepository.open(dir));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int size = i;
      done.add(pool.submit(() -> ref.publish(note(size))));
    }
    for (Future<?> future : done) {
      future.get(1, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertThat(ref.history()).hasSize(8).doesNotHaveDuplicates();
  }
}
