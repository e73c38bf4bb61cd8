package io.changetrail.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fact is shared by every reader of a node's entry cache, across request threads: what its writer
 * does with its own map afterwards, or what one reader tries, must not change it.
 */
class FactTest {
  @Test
  void aFactKeepsADeepCopyOfItsWritersData() {
    List<Object> checks = new ArrayList<>(List.of("unit"));
    Map<String, Object> nested = new LinkedHashMap<>(Map.of("level", "LOW"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("checks", checks);
    data.put("risk", nested);
    data.put("none", null);
    Fact fact = new Fact("alice", "change.verified", "CHG-1", data);
    byte[] before = CanonicalJson.bytes(fact.data());

    data.put("later", "x");
    checks.add("perf");
    nested.put("level", "HIGH");

    assertThat(CanonicalJson.bytes(fact.data())).isEqualTo(before);
    assertThat(new String(before, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"checks\":[\"unit\"],\"none\":null,\"risk\":{\"level\":\"LOW\"}}");
  }

  @Test
  @SuppressWarnings("unchecked")
  void noReaderCanChangeAFact() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("checks", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("name", "unit")))));
    Fact fact = new Fact("alice", "change.verified", "CHG-1", data);

    assertThatThrownBy(() -> fact.data().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    List<Object> checks = (List<Object>) fact.data().get("checks");
    assertThatThrownBy(() -> checks.add("perf")).isInstanceOf(UnsupportedOperationException.class);
    Map<String, Object> check = (Map<String, Object>) checks.get(0);
    assertThatThrownBy(() -> check.put("name", "changed"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
