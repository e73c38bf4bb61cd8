package io.changetrail.app.api;

import java.util.List;

/** The inclusion proofs of every ledger entry of a change (schema changetrail.proofs/v1). */
public record Proofs(String schema, String change, String key, List<Proof> proofs) {
  public static final String SCHEMA = "changetrail.proofs/v1";

  public Proofs {
    proofs = List.copyOf(proofs);
  }
}
