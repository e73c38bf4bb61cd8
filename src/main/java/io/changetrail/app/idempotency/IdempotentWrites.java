package io.changetrail.app.idempotency;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.ledger.IdempotencyStore;
import io.changetrail.ledger.LedgerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes done once per {@code Idempotency-Key}: the use case behind the API's idempotent POSTs,
 * over the ledger's key table ({@link IdempotencyStore}), which binds a key in the transaction of
 * the entries its first request appends. The server's face (server.IdempotentPosts) reads the
 * header and writes the HTTP answer; this decides whether the work runs or an earlier outcome
 * answers, in terms that know no ledger and no HTTP.
 */
public final class IdempotentWrites {
  /** How long a key stays bound after its request first wrote. */
  public static final Duration LIFETIME = IdempotencyStore.LIFETIME;

  private final IdempotencyStore store;
  private final Clock clock;

  public IdempotentWrites(LedgerStore store, Clock clock) {
    this.store = new IdempotencyStore(store);
    this.clock = clock;
  }

  /** Who sent a key, the key's hash, and the hash of what they sent with it. */
  public record Request(String scope, byte[] keyHash, byte[] fingerprint) {
    public Request {
      keyHash = keyHash.clone();
      fingerprint = fingerprint.clone();
    }

    IdempotencyStore.Request stored() {
      return new IdempotencyStore.Request(scope, keyHash, fingerprint);
    }
  }

  /** A request's answer as it was sent. */
  public record Answer(int status, String contentType, Optional<String> location, byte[] body) {
    public Answer {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /** The work of the first request with a key (a route's handler). */
  public interface Work {
    void run() throws Exception;
  }

  /** What became of a request with a key. */
  public sealed interface Outcome {}

  /** The work ran now; keep its answer with {@link #keep} (unless it holds a secret). */
  public record Ran(Turn turn) implements Outcome {}

  /**
   * An earlier request with this key wrote first: its answer (empty when it was not kept, then
   * rebuilt from entries {@code firstEntry..lastEntry}), or {@code sameRequest} false when that
   * request was another (another method, path or body).
   */
  public record Earlier(
      boolean sameRequest,
      Instant created,
      long firstEntry,
      long lastEntry,
      Optional<Answer> answer)
      implements Outcome {}

  /** Another request with this key was being recorded at the same moment: retry. */
  public record Busy() implements Outcome {}

  /** A request's turn with its key, to keep its answer by. */
  public static final class Turn {
    private final Request request;
    private final IdempotencyStore.Claim claim;

    private Turn(Request request, IdempotencyStore.Claim claim) {
      this.request = request;
      this.claim = claim;
    }
  }

  /**
   * Runs {@code work} unless an earlier request bound the key: its appends bind the key in their
   * own transactions. A failure of the work is thrown, unless another request with the key wrote
   * meanwhile (the work was refused because it had): that request's outcome is then the answer.
   */
  public Outcome run(Request request, Work work) throws Exception {
    Optional<IdempotencyStore.Binding> found = find(request);
    if (found.isPresent()) {
      return earlier(request, found.get());
    }
    IdempotencyStore.Claim claim = store.claim(request.stored());
    try {
      store.bound(
          claim,
          () -> {
            try {
              work.run();
              return null;
            } catch (RuntimeException e) {
              throw e;
            } catch (Exception e) {
              throw new Wrapped(e);
            }
          });
    } catch (IdempotencyStore.KeyTaken taken) {
      Optional<IdempotencyStore.Binding> now = find(request);
      return now.isEmpty() ? new Busy() : earlier(request, now.get());
    } catch (RuntimeException e) {
      // another request with this key may have written while this one read and was refused
      // ("already approved"): its outcome is the answer
      Optional<IdempotencyStore.Binding> now = findQuietly(request);
      if (now.isPresent() && !now.get().claim().equals(claim.id())) {
        return earlier(request, now.get());
      }
      throw e instanceof Wrapped wrapped ? (Exception) wrapped.getCause() : e;
    }
    return new Ran(new Turn(request, claim));
  }

  /**
   * Keeps the answer of the request that ran, for its retries. When the ledger cannot be reached
   * now, the write committed and the answer still goes out: a retry rebuilds it from the entries.
   */
  public void keep(Turn turn, Answer answer) {
    try {
      store.saveAnswer(
          turn.request.stored(),
          turn.claim,
          new IdempotencyStore.Answer(
              answer.status(), answer.contentType(), answer.location(), answer.body()));
    } catch (ChangeTrailException e) {
      if (e.problem() != Problem.LEDGER_UNAVAILABLE) {
        throw e;
      }
    }
  }

  private Optional<IdempotencyStore.Binding> find(Request request) {
    return store.find(request.scope(), request.keyHash(), clock.instant());
  }

  private Optional<IdempotencyStore.Binding> findQuietly(Request request) {
    try {
      return find(request);
    } catch (ChangeTrailException e) {
      return Optional.empty();
    }
  }

  private static Earlier earlier(Request request, IdempotencyStore.Binding binding) {
    return new Earlier(
        binding.sameRequest(request.fingerprint()),
        binding.created(),
        binding.firstEntry(),
        binding.lastEntry(),
        binding.answer().map(a -> new Answer(a.status(), a.contentType(), a.location(), a.body())));
  }

  /** A checked exception of the work, carried through the binding. */
  private static final class Wrapped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Wrapped(Exception cause) {
      super(cause);
    }
  }
}
