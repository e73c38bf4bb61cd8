package io.changetrail.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  @Test
  void sortsKeysAndWritesNoWhitespace() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("b", List.of(1, "x", true));
    data.put("a", Map.of("z", 1, "y", 2));
    data.put("\u00e9", null);
    assertThat(CanonicalJson.text(data))
        .isEqualTo("{\"a\":{\"y\":2,\"z\":1},\"b\":[1,\"x\",true],\"\u00e9\":null}");
  }

  @Test
  void escapesLikeRfc8785() {
    assertThat(CanonicalJson.text("q\"b\\n\nt\tc\u0001 \u2028€😀"))
        .isEqualTo("\"q\\\"b\\\\n\\nt\\tc\\u0001 \u2028€😀\"");
  }

  @Test
  void refusesFractionsAndLoneSurrogates() {
    assertThatThrownBy(() -> CanonicalJson.text(1.5)).hasMessageContaining("integers only");
    assertThatThrownBy(() -> CanonicalJson.text("\ud800")).hasMessageContaining("surrogate");
  }

  @Test
  void entryTimeHasMicrosecondsAndIndexIsScannable() {
    LedgerEntry entry =
        new LedgerEntry(
            42,
            Instant.parse("2026-11-24T15:36:58.123456789Z"),
            new Fact("alice", "approved", null, Map.of("index", 7, "x", "\"index\":9")));
    byte[] bytes = entry.canonicalBytes();
    assertThat(new String(bytes))
        .isEqualTo(
            "{\"actor\":\"alice\",\"change\":null,\"data\":{\"index\":7,\"x\":\"\\\"index\\\":9\"},"
                + "\"index\":42,\"kind\":\"approved\",\"time\":\"2026-11-24T15:36:58.123456Z\"}");
    assertThat(EntryScanner.index(bytes, 0, bytes.length)).isEqualTo(42);
  }
}
