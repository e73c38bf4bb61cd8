package io.changetrail.server;

import io.changetrail.app.Workspace;
import io.changetrail.app.users.AccessControl;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.ledger.LedgerStore;
import java.time.Clock;

/**
 * A running server node and what it owns: the ledger store (opened, and migrated when needed, at
 * start) and the HTTP server. Closing it stops the server, then closes the store.
 */
public final class ServerNode implements AutoCloseable {
  private final LedgerStore store;
  private final ChangeTrailServer server;
  private boolean closed;

  private ServerNode(LedgerStore store, ChangeTrailServer server) {
    this.store = store;
    this.server = server;
  }

  /**
   * Opens the ledger at {@code ledgerUrl} and starts serving; fails before listening if it can't.
   */
  public static ServerNode start(ServerOptions options, Workspace workspace, String ledgerUrl) {
    LedgerStore store = LedgerStore.open(ledgerUrl);
    try {
      Clock clock = Clock.systemUTC();
      ChangeTrailServer server =
          new ChangeTrailServer(
              options,
              workspace,
              ledgerUrl,
              store,
              new AccessControl(store, clock),
              clock,
              System.err);
      try {
        server.start();
      } catch (RuntimeException e) {
        server.close();
        if (isBindFailure(e)) {
          throw new ChangeTrailException(
              Problem.IO,
              "cannot listen on " + options.host() + ":" + options.port() + ": " + rootMessage(e),
              "the port is in use or not allowed: choose another with --port (0 for any free one)");
        }
        throw e;
      }
      return new ServerNode(store, server);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  public String url() {
    return server.url();
  }

  /** The node's server, for the routes' tests. */
  ChangeTrailServer server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  public java.util.Set<String> routes() {
    return server.routes();
  }

  public String ledgerLabel() {
    return store.label();
  }

  /**
   * Serves until the process is told to stop (Ctrl-C, SIGTERM), then closes the node: in-flight
   * requests finish, the store closes.
   */
  public void awaitStop() {
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  close();
                  stopped.countDown();
                },
                "changetrail-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.close();
    store.close();
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || t.getClass().getSimpleName().equals("JavalinBindException")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
