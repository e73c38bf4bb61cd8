package io.changetrail.server;

import io.changetrail.app.lifecycle.ApprovalQueue;
import io.changetrail.app.users.Role;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.javalin.http.Context;
import java.util.List;

/** "Waiting for my approval": the changes the signed-in approver may approve now, oldest first. */
final class QueuePage {
  /** The changes waiting for the caller. */
  record View(List<ChangeRecord> waiting) {}

  private final ChangeTrailServer server;

  QueuePage(ChangeTrailServer server) {
    this.server = server;
  }

  void show(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.APPROVER, "the approval queue");
    View view = new View(new ApprovalQueue(server.reader()).waitingFor(caller.person()));
    Layout.page(ctx, 200, "Waiting for my approval", caller, render(view));
  }

  static Html render(View view) {
    Html body = new Html();
    body.el("h1", "Waiting for my approval");
    body.el(
        "p",
        view.waiting().isEmpty()
            ? "Nothing is waiting for you."
            : view.waiting().size()
                + " change(s) you may approve: not written or committed by you, within the"
                + " approval policy, not yet approved by you as they stand.",
        "class",
        "muted",
        "id",
        "count");
    if (!view.waiting().isEmpty()) {
      ChangesPage.table(body, view.waiting());
    }
    return body;
  }
}
