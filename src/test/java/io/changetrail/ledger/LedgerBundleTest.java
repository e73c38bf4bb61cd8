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
import io.changetrail.domain.ledger.VerifierKey;
import io.changetrail.testing.IndependentBundleVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported bundles verify offline, and every edit of one is caught with its first bad index. */
class LedgerBundleTest {
  static final SigningKey KEY = SigningKey.generate("example.com/ledger");
  static final SigningKey OTHER = SigningKey.generate("example.com/ledger");

  @TempDir Path dir;
  LedgerStore store;
  Path bundle;

  @BeforeEach
  void fortyEntriesCheckpointedAtTenTwentyAndForty() {
    store = LedgerStore.open("jdbc:sqlite:" + dir.resolve("ledger.db"));
    LedgerAuditor auditor = new LedgerAuditor(store);
    for (int i = 0; i < 40; i++) {
      store.append(new Fact("alice", "note", "CHG-" + i, Map.of("n", i)));
      if (i == 9 || i == 19 || i == 39) {
        auditor.checkpoint(KEY);
      }
    }
    bundle = dir.resolve("ledger.bundle");
    LedgerBundle.export(store, 0, 40, KEY.verifier(), bundle);
  }

  @AfterEach
  void close() {
    store.close();
  }

  List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(bundle, StandardCharsets.UTF_8));
  }

  void write(List<String> lines) throws IOException {
    Files.writeString(bundle, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  VerificationReport verify() {
    return verified(bundle, KEY.verifier());
  }

  /**
   * Verifies with LedgerBundle and with the independent verifier written from
   * docs/bundle-format.md, and checks that they agree.
   */
  static VerificationReport verified(Path file, VerifierKey key) {
    VerificationReport report;
    try {
      report = LedgerBundle.verify(file, key);
    } catch (ChangeTrailException e) {
      if (e.problem() == Problem.INVALID_INPUT) {
        IndependentBundleVerifier.assertAgrees(file, key.encode(), "MALFORMED", 0, 0);
      }
      throw e;
    }
    IndependentBundleVerifier.assertAgrees(
        file, key.encode(), report.verdict().name(), report.signedSize(), report.unsignedEntries());
    return report;
  }

  /** Line of entry i in a bundle from index 0. */
  static int line(int index) {
    return index + 1;
  }

  @Test
  void anExportedBundleVerifies() {
    VerificationReport report = verify();
    assertThat(report.findings()).isEmpty();
    assertThat(report.entries()).isEqualTo(40);
    assertThat(report.checkpointsVerified()).isEqualTo(3);
  }

  @Test
  void aPartialRangeVerifiesThroughItsFrontiers() {
    for (long[] range : new long[][] {{0, 7}, {7, 13}, {13, 40}, {10, 20}, {25, 31}, {39, 40}}) {
      Path part = dir.resolve("part.bundle");
      LedgerBundle.export(store, range[0], range[1], KEY.verifier(), part);
      VerificationReport report = verified(part, KEY.verifier());
      assertThat(report.findings()).as("range %d..%d", range[0], range[1]).isEmpty();
      assertThat(report.entries()).isEqualTo(range[1] - range[0]);
      assertThat(report.checkpointsVerified()).isPositive();
    }
  }

  @Test
  void aChangedEntryIsNamedExactly() throws IOException {
    List<String> lines = lines();
    lines.set(line(23), lines.get(line(23)).replace("alice", "mallory"));
    write(lines);
    VerificationReport report = verify();
    assertThat(report.firstBadIndex()).hasValue(23);
  }

  @Test
  void aChangedEntryWithItsHashRecomputedIsBoundedByItsCheckpoint() throws IOException {
    List<String> lines = lines();
    String forged = lines.get(line(23)).substring(65).replace("alice", "mallory");
    String hash =
        HexFormat.of().formatHex(new Merkle().leafHash(forged.getBytes(StandardCharsets.UTF_8)));
    lines.set(line(23), hash + " " + forged);
    write(lines);
    VerificationReport report = verify();
    assertThat(report.firstBadIndex()).hasValue(20);
    assertThat(report.findings().get(0).message()).contains("entries 20 to 39 do not match");
  }

  @Test
  void deletedInsertedAndReorderedEntriesAreNamed() throws IOException {
    List<String> original = lines();
    List<String> deleted = new ArrayList<>(original);
    deleted.remove(line(17));
    write(deleted);
    assertThat(verify().firstBadIndex()).hasValue(17);

    List<String> inserted = new ArrayList<>(original);
    inserted.add(line(5), original.get(line(30)));
    write(inserted);
    assertThat(verify().firstBadIndex()).hasValue(5);

    List<String> reordered = new ArrayList<>(original);
    reordered.set(line(31), original.get(line(32)));
    reordered.set(line(32), original.get(line(31)));
    write(reordered);
    assertThat(verify().firstBadIndex()).hasValue(31);
  }

  @Test
  void forgedReplacedAndForeignCheckpointsAreDetected() throws IOException {
    List<String> original = lines();
    Checkpoint fake = new Checkpoint(store.origin(), 20, new byte[32]);
    String forged = OTHER.sign(fake.text()).encode().replace("\n", "\\n");
    String header = original.get(0);
    int at = header.indexOf("\"checkpoints\":[\"") + "\"checkpoints\":[\"".length();
    int end = header.indexOf("\"", at);
    List<String> lines = new ArrayList<>(original);
    lines.set(0, header.substring(0, at) + forged + header.substring(end));
    write(lines);
    VerificationReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.findings())
        .anySatisfy(f -> assertThat(f.message()).contains("not signed by"));

    lines.set(0, header.replace("\\n20\\n", "\\n21\\n"));
    write(lines);
    assertThat(verify().findings())
        .anySatisfy(f -> assertThat(f.message()).contains("does not verify"));

    assertThat(verified(writeOriginal(original), OTHER.verifier()).ok()).isFalse();
  }

  private Path writeOriginal(List<String> original) throws IOException {
    write(original);
    return bundle;
  }

  @Test
  void aForkBetweenCheckpointsIsDetected() throws IOException {
    // a second signed checkpoint of size 20 with another root: the key holder forked the log
    String fork =
        KEY.sign(new Checkpoint(store.origin(), 20, new byte[32]).text())
            .encode()
            .replace("\n", "\\n");
    List<String> lines = lines();
    lines.set(0, lines.get(0).replace("\"checkpoints\":[", "\"checkpoints\":[\"" + fork + "\","));
    write(lines);
    VerificationReport report = verify();
    assertThat(report.findings()).anySatisfy(f -> assertThat(f.message()).contains("fork"));
  }

  @Test
  void aLineWithAGarbledLeafHashIsNamed() throws IOException {
    List<String> lines = lines();
    lines.set(line(12), "zz" + lines.get(line(12)).substring(2));
    lines.set(line(30), lines.get(line(30)).replaceFirst(" ", "_"));
    write(lines);
    VerificationReport report = verify();
    assertThat(report.firstBadIndex()).hasValue(12);
    assertThat(report.findings())
        .anySatisfy(f -> assertThat(f.message()).contains("line 14 is not an entry line"))
        .anySatisfy(f -> assertThat(f.message()).contains("line 32 is not an entry line"));
  }

  @Test
  void aTruncatedBundleIsDetected() throws IOException {
    List<String> lines = lines();
    write(lines.subList(0, line(35)));
    VerificationReport report = verify();
    assertThat(report.firstBadIndex()).hasValue(35);
    assertThat(report.findings()).anySatisfy(f -> assertThat(f.message()).contains("truncated"));
  }

  @Test
  void aMalformedBundleIsAClearInputError() throws IOException {
    Files.writeString(bundle, "this is not a bundle\n");
    assertThatThrownBy(this::verify)
        .isInstanceOf(ChangeTrailException.class)
        .hasMessageContaining("is not a ledger bundle")
        .satisfies(
            e -> assertThat(((ChangeTrailException) e).problem()).isEqualTo(Problem.INVALID_INPUT));
    Files.writeString(bundle, "");
    assertThatThrownBy(this::verify).hasMessageContaining("it is empty");
  }

  @Test
  void exportWithoutACoveringCheckpointFailsAndLeavesNoFile() {
    store.append(new Fact("bob", "note", null, Map.of()));
    Path out = dir.resolve("none.bundle");
    assertThatThrownBy(() -> LedgerBundle.export(store, 0, 41, KEY.verifier(), out))
        .hasMessageContaining("no signed checkpoint covers");
    assertThat(out).doesNotExist();
    assertThat(dir.toFile().list()).noneMatch(name -> name.startsWith(".bundle-"));
  }

  @Test
  void largeBundlesVerifyByWholeSubtreesAndStillNameTheFirstBadIndex() throws IOException {
    List<Fact> facts = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      facts.add(new Fact("bob", "bulk", null, Map.of("i", i)));
    }
    store.append(facts.subList(0, 6_000));
    new LedgerAuditor(store).checkpoint(KEY); // size 6040: inside a 4096-entry chunk
    store.append(facts.subList(6_000, 12_000));
    new LedgerAuditor(store).checkpoint(KEY); // size 12040
    LedgerBundle.export(store, 0, 12_040, KEY.verifier(), bundle);
    assertThat(verify().findings()).isEmpty();
    assertThat(verify().checkpointsVerified()).isEqualTo(5);

    List<String> original = lines();
    List<String> changed = new ArrayList<>(original);
    changed.set(line(9_000), original.get(line(9_000)).replace("bob", "eve"));
    write(changed);
    assertThat(verify().firstBadIndex()).hasValue(9_000);

    String forged = original.get(line(9_000)).substring(65).replace("bob", "eve");
    changed.set(
        line(9_000),
        HexFormat.of().formatHex(new Merkle().leafHash(forged.getBytes(StandardCharsets.UTF_8)))
            + " "
            + forged);
    write(changed);
    VerificationReport report = verify();
    assertThat(report.firstBadIndex()).hasValue(6_040);
    assertThat(report.findings().get(0).message()).contains("entries 6040 to 12039 do not match");

    LedgerBundle.export(store, 5_000, 9_500, KEY.verifier(), bundle);
    assertThat(verify().findings()).isEmpty();
  }
}
