package io.changetrail.server;

import static io.changetrail.server.ChangeTrailServer.json;

import io.changetrail.app.attest.AttestChange;
import io.changetrail.app.users.Role;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A change's evidence as in-toto attestations in DSSE envelopes, signed with the server's ledger
 * key ({@code --signing-key}): the same use case as {@code changetrail attest}. Auditors and
 * approvers may ask; nothing is written.
 */
final class AttestationRoutes {
  private final ChangeTrailServer server;

  AttestationRoutes(ChangeTrailServer server) {
    this.server = server;
  }

  void register(RouteTable app) {
    app.get(ApiRoutes.V1 + "/changes/{id}/attestations", this::attest);
  }

  private void attest(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    if (!caller.has(Role.AUDITOR) && !caller.has(Role.APPROVER)) {
      throw ApiError.forbidden(
          "attesting a change needs the auditor or approver role; "
              + caller.user()
              + " has "
              + ChangeTrailServer.roles(caller),
          "ask an admin: 'changetrail users roles " + caller.user() + " ...'");
    }
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
    if (!format.equals("json") && !format.equals("jsonl")) {
      throw ApiError.badRequest("unknown format '" + format + "'", "use json or jsonl");
    }
    if (server.options().signingKey().isEmpty()) {
      throw new ApiError(
          409,
          "NO_SIGNING_KEY",
          "this server was started without a signing key, so it cannot sign attestations",
          "start it with --signing-key FILE (the ledger key), or run 'changetrail attest' where"
              + " the key is");
    }
    List<String> digests = ctx.queryParams("subject");
    AttestChange.Outcome outcome =
        new AttestChange(server.reader())
            .attest(
                new AttestChange.Request(
                    ctx.pathParam("id"), List.of(), digests, server.options().signingKey()));
    if (format.equals("jsonl")) {
      ctx.contentType("application/jsonl; charset=utf-8")
          .result(AttestChange.jsonLines(outcome.attestations()));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema", "changetrail.attestations/v1");
    body.put("change", outcome.change().id());
    body.put("keyId", outcome.keyId());
    body.put("publicKey", outcome.publicKeyPem());
    body.put(
        "attestations",
        outcome.attestations().stream()
            .map(
                a -> {
                  Map<String, Object> node = new LinkedHashMap<>();
                  node.put("predicateType", a.predicateType());
                  node.put("summary", a.summary());
                  node.put("envelope", AttestChange.envelopeJson(a.envelope()));
                  return node;
                })
            .toList());
    body.put("notAttested", outcome.notProven());
    json(ctx, 200, body);
  }
}
