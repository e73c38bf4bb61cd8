package io.changetrail.server;

import java.time.Duration;
import java.util.Optional;

/**
 * How a server node runs.
 *
 * @param host the address to listen on (loopback unless told otherwise)
 * @param port 0 for any free port
 * @param maxBodyBytes larger request bodies are refused with 413 before they are read
 * @param sessionLifetime how long a browser session lasts after login
 * @param secureCookies mark session cookies Secure and send HSTS (when users reach the node over
 *     HTTPS, through a proxy that terminates TLS)
 * @param verifierKey the key checkpoints are verified with ({@code name+id+key} or a .pub file);
 *     empty for the default key
 * @param signingKey the key file that signs checkpoints asked for through the server; empty for
 *     none
 */
public record ServerOptions(
    String host,
    int port,
    long maxBodyBytes,
    Duration sessionLifetime,
    boolean secureCookies,
    Optional<String> verifierKey,
    Optional<java.nio.file.Path> signingKey,
    boolean accessLog) {
  public static final long DEFAULT_MAX_BODY = 1024 * 1024;

  public static ServerOptions local(int port) {
    return new ServerOptions(
        "127.0.0.1",
        port,
        DEFAULT_MAX_BODY,
        Duration.ofHours(8),
        false,
        Optional.empty(),
        Optional.empty(),
        false);
  }
}
