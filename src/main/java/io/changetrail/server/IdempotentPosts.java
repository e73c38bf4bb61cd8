package io.changetrail.server;

import io.changetrail.app.idempotency.IdempotentWrites;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * {@code Idempotency-Key} on the API's POSTs (draft-ietf-httpapi-idempotency-key-header): a retry
 * with the same key, from the same user, with the same method, path and body, gets the first
 * outcome (its status, body and Location) without writing again; the same key with another request
 * is refused with 422. The binding is stored with the ledger entries the first request appended, in
 * their transaction (see {@link IdempotentWrites}), so every node agrees and a retry after a COMMIT
 * in doubt finds the key exactly when the first request's entries exist.
 */
final class IdempotentPosts {
  static final String HEADER = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";

  /** How a route answers a retry whose first request wrote but whose answer was not stored. */
  interface Recovery {
    /** Writes the first request's answer from the entries it appended. */
    void answer(Context ctx, long firstEntry, long lastEntry) throws Exception;
  }

  /** The answer of a route that shows a secret once: never stored, so never replayed. */
  static final Recovery SECRET =
      (ctx, first, last) -> {
        throw new ApiError(
            409,
            "ALREADY_APPLIED",
            "a request with this Idempotency-Key was applied (ledger entries "
                + first
                + ".."
                + last
                + "); its answer held a secret shown only once, so it is not kept",
            "list what it made (GET /api/v1/users); revoke it and issue another with a new key");
      };

  /** The answer when a route has no way to rebuild its first answer. */
  static final Recovery NONE =
      (ctx, first, last) -> {
        throw new ApiError(
            409,
            "ALREADY_APPLIED",
            "a request with this Idempotency-Key was applied (ledger entries "
                + first
                + ".."
                + last
                + "), but its answer was lost before it could be kept",
            "read the resource with GET to see its outcome; do not send it again");
      };

  private final IdempotentWrites writes;

  IdempotentPosts(IdempotentWrites writes) {
    this.writes = writes;
  }

  /** {@code handler} honouring the key; {@code keepAnswer} false for answers holding a secret. */
  Handler wrap(Handler handler, Recovery recovery, boolean keepAnswer) {
    return ctx -> handle(ctx, handler, recovery, keepAnswer);
  }

  private void handle(Context ctx, Handler handler, Recovery recovery, boolean keepAnswer)
      throws Exception {
    String raw = ctx.header(HEADER);
    Caller caller = ctx.attribute(ChangeTrailServer.CALLER);
    if (raw == null || caller == null) {
      handler.handle(ctx);
      return;
    }
    String key = key(raw);
    IdempotentWrites.Outcome outcome =
        writes.run(
            new IdempotentWrites.Request(
                caller.user(),
                sha256(key.getBytes(StandardCharsets.UTF_8)),
                fingerprint(ctx.method().name(), ctx.path(), JsonBody.read(ctx))),
            () -> handler.handle(ctx));
    if (outcome instanceof IdempotentWrites.Ran ran) {
      if (keepAnswer) {
        String body = ctx.result();
        writes.keep(
            ran.turn(),
            new IdempotentWrites.Answer(
                ctx.statusCode(),
                Optional.ofNullable(ctx.res().getContentType()).orElse("application/json"),
                Optional.ofNullable(ctx.res().getHeader("Location")),
                (body == null ? "" : body).getBytes(StandardCharsets.UTF_8)));
      }
    } else if (outcome instanceof IdempotentWrites.Earlier earlier) {
      answerFrom(ctx, earlier, recovery);
    } else {
      throw new ApiError(
          409,
          "CONFLICT",
          "another request with this Idempotency-Key was being recorded at the same moment",
          "retry with the same key: it then gets that request's outcome");
    }
  }

  private static void answerFrom(Context ctx, IdempotentWrites.Earlier earlier, Recovery recovery)
      throws Exception {
    if (!earlier.sameRequest()) {
      throw new ApiError(
          422,
          "IDEMPOTENCY_KEY_REUSED",
          "this Idempotency-Key was first used at "
              + earlier.created()
              + " for another request (another method, path or body)",
          "send a new key with a new request; a key stays bound for "
              + IdempotentWrites.LIFETIME.toHours()
              + " hours after its first write");
    }
    ctx.header(REPLAYED, "true");
    if (earlier.answer().isEmpty()) {
      recovery.answer(ctx, earlier.firstEntry(), earlier.lastEntry());
      return;
    }
    IdempotentWrites.Answer answer = earlier.answer().get();
    answer.location().ifPresent(location -> ctx.header("Location", location));
    ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
  }

  /** The key as sent: 1 to 255 visible ASCII characters (quotes of a structured string removed). */
  static String key(String raw) {
    String key = raw.strip();
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1);
    }
    boolean visible = !key.isEmpty() && key.length() <= 255;
    for (int i = 0; visible && i < key.length(); i++) {
      char c = key.charAt(i);
      visible = c > 0x20 && c < 0x7F;
    }
    if (!visible) {
      throw ApiError.badRequest(
          "the Idempotency-Key header must be 1 to 255 visible ASCII characters",
          "send a new random value per request, e.g. a UUID: Idempotency-Key: \""
              + java.util.UUID.nameUUIDFromBytes(new byte[0])
              + "\"");
    }
    return key;
  }

  static byte[] fingerprint(String method, String path, byte[] body) {
    MessageDigest digest = digest();
    digest.update(method.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(path.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(body);
    return digest.digest();
  }

  private static byte[] sha256(byte[] bytes) {
    return digest().digest(bytes);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
