package io.changetrail.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.ledger.LedgerStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryCacheTest {
  @TempDir Path dir;

  @Test
  void seesWhatOtherWritersAppendAndReadsOnlyTheNewEntries() {
    String url = "jdbc:sqlite:" + dir.resolve("ledger.db");
    try (LedgerStore node = LedgerStore.open(url);
        LedgerStore other = LedgerStore.open(url)) {
      EntryCache cache = new EntryCache();
      assertThat(cache.entries(node)).isEmpty();
      node.append(new Fact("a <a@x>", "note", "CHG-20260101-AAAA", Map.of("n", 1)));
      other.append(new Fact("b <b@x>", "note", "CHG-20260101-AAAA", Map.of("n", 2)));
      List<LedgerEntry> first = cache.entries(node);
      assertThat(first).extracting(LedgerEntry::index).containsExactly(0L, 1L);
      other.append(new Fact("c <c@x>", "note", "CHG-20260101-BBBB", Map.of("n", 3)));
      List<LedgerEntry> second = cache.entries(node);
      assertThat(second).extracting(LedgerEntry::index).containsExactly(0L, 1L, 2L);
      assertThat(second.get(0)).isSameAs(first.get(0)); // parsed once, not again
      assertThat(second.get(2).fact().actor()).isEqualTo("c <c@x>");
      assertThat(first).hasSize(2); // a snapshot: later appends do not change it
    }
  }

  @Test
  void startsOverOnASmallerLedger() {
    EntryCache cache = new EntryCache();
    try (LedgerStore big = LedgerStore.open("jdbc:sqlite:" + dir.resolve("big.db"))) {
      big.append(new Fact("a <a@x>", "note", "", Map.of()));
      big.append(new Fact("a <a@x>", "note", "", Map.of()));
      assertThat(cache.entries(big)).hasSize(2);
    }
    try (LedgerStore small = LedgerStore.open("jdbc:sqlite:" + dir.resolve("small.db"))) {
      small.append(new Fact("z <z@x>", "other", "", Map.of()));
      assertThat(cache.entries(small)).extracting(e -> e.fact().kind()).containsExactly("other");
    }
  }
}
