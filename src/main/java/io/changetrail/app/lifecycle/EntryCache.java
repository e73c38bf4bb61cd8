package io.changetrail.app.lifecycle;

import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.ledger.LedgerStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsed ledger entries kept between the requests of a long-running process (a server node). The
 * ledger only grows, so each call reads and parses just the entries appended since the last one,
 * instead of the whole log. Verification never uses it: {@code audit verify} reads every stored
 * byte. Meant to be shared across threads.
 */
public final class EntryCache {
  private final List<LedgerEntry> entries = new ArrayList<>();

  /** Every entry of {@code store}, in index order, as of now. */
  public synchronized List<LedgerEntry> entries(LedgerStore store) {
    store.read(
        reader -> {
          long size = reader.size();
          if (size < entries.size()) {
            entries.clear(); // a different (or restored) database: start over
          }
          if (size > entries.size()) {
            reader.entries(
                entries.size(),
                size,
                (index, bytes, leaf) -> entries.add(ChangeLedger.parse(bytes)));
          }
          return null;
        });
    return List.copyOf(entries);
  }
}
