package io.changetrail.ledger;

import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A separate writer process for the concurrency and crash tests: appends {@code count} facts
 * ({@code batch} per transaction) and prints each index once its append has returned, i.e. once it
 * is acknowledged as durable.
 */
public final class LedgerAppenderMain {
  private LedgerAppenderMain() {}

  public static void main(String[] args) {
    String url = args[0];
    int count = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    PrintStream out = System.out;
    try (LedgerStore store = LedgerStore.open(url)) {
      long pid = ProcessHandle.current().pid();
      for (int done = 0; done < count; done += batch) {
        List<Fact> facts = new ArrayList<>();
        for (int i = done; i < Math.min(count, done + batch); i++) {
          facts.add(new Fact("process-" + pid, "test.append", null, Map.of("i", i)));
        }
        for (LedgerEntry entry : store.append(facts)) {
          out.println(entry.index());
        }
        out.flush();
      }
    }
  }
}
