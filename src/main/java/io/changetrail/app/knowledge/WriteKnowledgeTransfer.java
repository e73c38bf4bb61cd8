package io.changetrail.app.knowledge;

import io.changetrail.app.lifecycle.ChangeDocuments;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.knowledge.KnowledgeTransfer;
import io.changetrail.domain.lifecycle.ChangeRecord;

/**
 * The use case "write the knowledge-transfer document of a change" ({@code kt}): its ledger record
 * and its change documents, read as one.
 */
public final class WriteKnowledgeTransfer {
  private final Lifecycle lifecycle;

  public WriteKnowledgeTransfer(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** The document of a registered change; an unknown id is an UNKNOWN_CHANGE error. */
  public KnowledgeTransfer write(String changeId) {
    ChangeRecord change = lifecycle.ledger().change(changeId);
    ChangeDocuments documents = ChangeDocuments.of(lifecycle.workspace().git(), change);
    return KnowledgeTransfer.of(change, documents.documents(), documents.commits());
  }
}
