package io.changetrail.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.changetrail.ledger.LedgerAuditor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The RFC 6962 inclusion proof of one ledger entry against the smallest signed checkpoint that
 * covers it, as {@code audit proof --format json} and {@code GET /api/v1/changes/{id}/proof} print
 * it. Every hash is Base64, as in the signed checkpoint note it is checked against: {@code
 * leafHash}, {@code rootHash} and each of {@code inclusionProof} (the RFC 9162 PATH, leaf to root).
 * {@code verified} says whether the path leads from the leaf to the signed root; an entry no
 * checkpoint covers yet has only {@code index}, {@code verified} false, {@code reason} and {@code
 * hint}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Proof(
    long index,
    String entry,
    String leafHash,
    Long treeSize,
    String rootHash,
    List<String> inclusionProof,
    String checkpoint,
    boolean verified,
    String reason,
    String hint) {

  public static Proof of(LedgerAuditor.InclusionProof proof) {
    Base64.Encoder base64 = Base64.getEncoder();
    List<String> path = new ArrayList<>();
    for (int i = 0; i < proof.path().size(); i++) {
      path.add(proof.pathBase64(i));
    }
    return new Proof(
        proof.index(),
        new String(proof.entry(), StandardCharsets.UTF_8),
        base64.encodeToString(proof.leafHash()),
        proof.checkpoint().size(),
        base64.encodeToString(proof.checkpoint().root()),
        List.copyOf(path),
        proof.note(),
        proof.verified(),
        null,
        null);
  }

  /** An entry that cannot be proved yet, and why. */
  public static Proof unproved(long index, String reason, String hint) {
    return new Proof(index, null, null, null, null, null, null, false, reason, hint);
  }

  /** As {@code audit proof} prints it in text. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("entry ").append(index).append(": ").append(entry).append('\n');
    out.append("leaf hash:  ").append(leafHash).append('\n');
    out.append("tree size:  ").append(treeSize).append('\n');
    out.append("root:       ").append(rootHash).append('\n');
    out.append("inclusion proof (RFC 9162 PATH, ")
        .append(inclusionProof.size())
        .append(" hashes):\n");
    for (String hash : inclusionProof) {
      out.append("  ").append(hash).append('\n');
    }
    out.append("verified against the signed checkpoint:\n");
    out.append(checkpoint);
    return out.toString();
  }
}
