package io.changetrail.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.ledger.LedgerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Grows a ledger to N changes for the projection bench: every entry of one real change (registered
 * and decided through the command line) is copied under N-1 new change ids, as other changes would
 * have written them. Usage: ScaleLedger LEDGER_URL CHANGE_ID N
 */
public final class ScaleLedger {
  private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private ScaleLedger() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String template = args[1];
    int n = Integer.parseInt(args[2]);
    ObjectMapper json = new ObjectMapper();
    try (LedgerStore store = LedgerStore.open(url)) {
      List<Map<String, Object>> entries = new ArrayList<>();
      store.read(
          reader -> {
            reader.entries(
                0,
                reader.size(),
                (index, bytes, leaf) -> {
                  try {
                    Map<String, Object> entry = json.readValue(bytes, Map.class);
                    if (template.equals(entry.get("change"))) {
                      entries.add(entry);
                    }
                  } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                  }
                });
            return null;
          });
      List<Fact> batch = new ArrayList<>();
      for (int copy = 1; copy < n; copy++) {
        String id = "CHG-20200101-" + base36(copy);
        for (Map<String, Object> entry : entries) {
          Map<String, Object> data = (Map<String, Object>) entry.getOrDefault("data", Map.of());
          Map<String, Object> copied = new java.util.LinkedHashMap<>(data);
          if (copied.containsKey("contentHash")) {
            copied.put("contentHash", "sha256:copy-" + copy); // each change its own content
          }
          batch.add(
              new Fact(
                  String.valueOf(entry.get("actor")),
                  String.valueOf(entry.get("kind")),
                  id,
                  copied));
        }
        if (batch.size() >= 5_000) {
          store.append(batch);
          batch.clear();
        }
      }
      store.append(batch);
      System.out.println(store.read(LedgerStore.Reader::size) + " entries");
    }
  }

  private static String base36(int value) {
    char[] out = new char[4];
    for (int i = 3; i >= 0; i--) {
      out[i] = DIGITS.charAt(value % 36);
      value /= 36;
    }
    return new String(out);
  }
}
