package io.changetrail.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.domain.event.LedgerEvent;
import io.changetrail.domain.ledger.CanonicalJson;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored entry decoded to its typed event and encoded again: the same bytes. */
public final class EventCodecCheck {
  /** The simple names of the event records the seeded ledgers hold, with their kinds. */
  public static final List<String> KINDS_WRITTEN =
      List.of(
          "Registered change.registered",
          "Assessed change.assessed",
          "Approved change.approved",
          "Rejected change.rejected",
          "Verified change.verified",
          "SignedOff change.signed-off",
          "Closed change.closed",
          "DeploymentStarted deployment.started",
          "DeploymentStep deployment.step",
          "DeploymentIssue deployment.issue",
          "DeploymentFinished deployment.finished",
          "RolledBack deployment.rolled-back",
          "GateDecided deployment.gate-decided",
          "GateAnswered deployment.gate-answered",
          "RunningSnapshot running.snapshot",
          "UserAdded user.added",
          "UserUpdated user.updated",
          "UserRoles user.roles",
          "UserDisabled user.disabled",
          "UserEnabled user.enabled",
          "TokenIssued token.issued",
          "TokenRevoked token.revoked");

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventCodecCheck() {}

  /**
   * Decodes the stored entry's data to its event, rebuilds the entry from the event's {@code
   * data()} and asserts that its canonical bytes are the stored ones; returns "Type kind".
   */
  public static String roundTrip(byte[] stored) {
    try {
      Map<String, Object> json = JSON.readValue(stored, new TypeReference<>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) json.get("data");
      String kind = (String) json.get("kind");
      LedgerEvent event = LedgerEvent.decode(kind, data);
      LedgerEntry again =
          new LedgerEntry(
              ((Number) json.get("index")).longValue(),
              Instant.parse((String) json.get("time")),
              event.fact((String) json.get("actor"), (String) json.get("change")));
      assertThat(new String(again.canonicalBytes(), StandardCharsets.UTF_8))
          .as(
              "entry %s re-encoded from its %s",
              json.get("index"), event.getClass().getSimpleName())
          .isEqualTo(new String(stored, StandardCharsets.UTF_8));
      assertThat(CanonicalJson.bytes(event.data())).isEqualTo(CanonicalJson.bytes(data));
      assertThat(LedgerEvent.of(new Fact("x", kind, "", data))).isEqualTo(event);
      return event.getClass().getSimpleName() + " " + event.kind();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
