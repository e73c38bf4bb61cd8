package io.changetrail.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Checkpoint;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.Merkle;
import io.changetrail.domain.ledger.SigningKey;
import io.changetrail.domain.ledger.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tampering with the database behind the ledger's back, run on SQLite and PostgreSQL: every kind is
 * detected and the first bad index named.
 */
abstract class LedgerTamperContract {
  static final SigningKey KEY = SigningKey.generate("example.com/ledger");
  static final SigningKey OTHER_KEY = SigningKey.generate("example.com/ledger");

  protected String url;
  protected LedgerStore store;
  protected LedgerAuditor auditor;

  /** The checkpoints mirrored elsewhere (the git ref in real use). */
  protected final List<String> published = new ArrayList<>();

  protected abstract String newLedgerUrl() throws Exception;

  @BeforeEach
  void twentyEntriesWithCheckpointsAtFiveTenAndTwenty() throws Exception {
    url = newLedgerUrl();
    store = LedgerStore.open(url);
    auditor = new LedgerAuditor(store);
    for (int i = 0; i < 20; i++) {
      store.append(new Fact("alice", "note", "CHG-" + i, Map.of("n", i)));
      if (i == 4 || i == 9 || i == 19) {
        published.add(auditor.checkpoint(KEY).note());
      }
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  VerificationReport verify() {
    return auditor.verify(KEY.verifier(), published);
  }

  void sql(String statement, Object... parameters) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement prepared = connection.prepareStatement(statement)) {
      for (int i = 0; i < parameters.length; i++) {
        prepared.setObject(i + 1, parameters[i]);
      }
      prepared.executeUpdate();
    }
  }

  byte[] entry(long index) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT entry FROM ledger_entry WHERE idx = " + index)) {
      rows.next();
      return rows.getBytes(1);
    }
  }

  static byte[] replace(byte[] entry, String from, String to) {
    String text = new String(entry, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anIntactLedgerVerifies() {
    VerificationReport report = verify();
    assertThat(report.findings()).isEmpty();
    assertThat(report.entries()).isEqualTo(20);
    assertThat(report.checkpointsVerified()).isEqualTo(3);
  }

  @Test
  void aChangedEntryIsNamed() throws Exception {
    sql("UPDATE ledger_entry SET entry = ? WHERE idx = 13", replace(entry(13), "alice", "mallory"));
    VerificationReport report = verify();
    assertThat(report.firstBadIndex()).hasValue(13);
    assertThat(report.findings().get(0).message()).contains("entry 13 was changed");
  }

  @Test
  void aChangedEntryWithARecomputedLeafHashFailsItsCheckpoint() throws Exception {
    byte[] forged = replace(entry(13), "alice", "mallory");
    sql(
        "UPDATE ledger_entry SET entry = ?, leaf_hash = ? WHERE idx = 13",
        forged,
        new Merkle().leafHash(forged));
    VerificationReport report = verify();
    assertThat(report.firstBadIndex()).hasValue(10);
    assertThat(report.findings().get(0).message())
        .contains("entries 10 to 19 do not match the signed checkpoint of size 20");
  }

  @Test
  void aDeletedEntryIsNamed() throws Exception {
    sql("DELETE FROM ledger_entry WHERE idx = 7");
    VerificationReport report = verify();
    assertThat(report.firstBadIndex()).hasValue(7);
    assertThat(report.findings().get(0).message()).contains("deleted, inserted or reordered");
  }

  @Test
  void reorderedEntriesAreNamed() throws Exception {
    byte[] three = entry(3);
    byte[] four = entry(4);
    Merkle merkle = new Merkle();
    sql(
        "UPDATE ledger_entry SET entry = ?, leaf_hash = ? WHERE idx = 3",
        four,
        merkle.leafHash(four));
    sql(
        "UPDATE ledger_entry SET entry = ?, leaf_hash = ? WHERE idx = 4",
        three,
        merkle.leafHash(three));
    assertThat(verify().firstBadIndex()).hasValue(3);
  }

  @Test
  void anInsertedEntryIsNamed() throws Exception {
    // shift entries 12.. up by one (in reverse, to keep the key unique) and insert a forged 12
    for (long i = 19; i >= 12; i--) {
      sql("UPDATE ledger_entry SET idx = ? WHERE idx = ?", i + 1, i);
    }
    byte[] forged = replace(entry(13), "alice", "mallory");
    sql(
        "INSERT INTO ledger_entry (idx, entry, leaf_hash) VALUES (12, ?, ?)",
        forged,
        new Merkle().leafHash(forged));
    sql("UPDATE ledger_head SET next = 21");
    VerificationReport report = verify();
    // the forged 12 hashes consistently: the checkpoint bounds it to 10..19, 13 is certainly wrong
    assertThat(report.firstBadIndex()).hasValue(13);
    assertThat(report.findings())
        .anySatisfy(f -> assertThat(f.message()).contains("says it is entry 12"))
        .anySatisfy(f -> assertThat(f.message()).contains("at or after index 10"));
  }

  @Test
  void aRollbackIsDetectedFromTheMirroredCheckpoints() throws Exception {
    sql("DELETE FROM ledger_entry WHERE idx >= 15");
    sql("DELETE FROM ledger_checkpoint WHERE size > 15");
    sql("UPDATE ledger_head SET next = 15");
    VerificationReport report = verify();
    assertThat(report.firstBadIndex()).hasValue(15);
    assertThat(report.findings().get(0).message()).contains("rolled back");
  }

  @Test
  void aForgedCheckpointIsDetected() throws Exception {
    Checkpoint fake = new Checkpoint(store.origin(), 10, new byte[32]);
    sql(
        "UPDATE ledger_checkpoint SET note = ? WHERE size = 10",
        OTHER_KEY.sign(fake.text()).encode());
    published.clear();
    VerificationReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.findings().get(0).message()).contains("is not signed by");
  }

  @Test
  void aReplacedCheckpointIsDetected() throws Exception {
    String note = KEY.sign(new Checkpoint(store.origin(), 10, new byte[32]).text()).encode();
    String tampered = note.replace("\n10\n", "\n11\n");
    sql("UPDATE ledger_checkpoint SET note = ? WHERE size = 10", tampered);
    published.clear();
    VerificationReport report = verify();
    assertThat(report.findings().get(0).message()).contains("does not verify");
  }

  @Test
  void aForkBetweenTwoSignedCheckpointsIsDetected() throws Exception {
    // the key holder rewrites entry 3 and re-signs: the mirrored checkpoints disagree
    byte[] forged = replace(entry(3), "alice", "mallory");
    sql(
        "UPDATE ledger_entry SET entry = ?, leaf_hash = ? WHERE idx = 3",
        forged,
        new Merkle().leafHash(forged));
    sql("DELETE FROM ledger_checkpoint");
    auditor.checkpoint(KEY);
    VerificationReport report = verify();
    assertThat(report.findings()).anySatisfy(f -> assertThat(f.message()).contains("fork"));
    assertThat(report.firstBadIndex()).hasValue(0);
  }

  @Test
  void signingARewrittenLedgerIsRefused() throws Exception {
    sql("UPDATE ledger_entry SET entry = ? WHERE idx = 2", replace(entry(2), "alice", "eve"));
    Merkle merkle = new Merkle();
    sql("UPDATE ledger_entry SET leaf_hash = ? WHERE idx = 2", merkle.leafHash(entry(2)));
    store.append(new Fact("alice", "note", null, Map.of()));
    assertThatThrownBy(() -> auditor.checkpoint(KEY))
        .isInstanceOf(ChangeTrailException.class)
        .satisfies(
            e -> assertThat(((ChangeTrailException) e).problem()).isEqualTo(Problem.TAMPERED))
        .hasMessageContaining("refusing to sign");
  }
}
