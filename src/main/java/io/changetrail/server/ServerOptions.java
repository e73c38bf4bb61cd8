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
    boolean accessLog,
    Forge forge) {
  public static final long DEFAULT_MAX_BODY = 1024 * 1024;

  /** A node without forge integration (no fetching, no webhooks). */
  public ServerOptions(
      String host,
      int port,
      long maxBodyBytes,
      Duration sessionLifetime,
      boolean secureCookies,
      Optional<String> verifierKey,
      Optional<java.nio.file.Path> signingKey,
      boolean accessLog) {
    this(
        host,
        port,
        maxBodyBytes,
        sessionLifetime,
        secureCookies,
        verifierKey,
        signingKey,
        accessLog,
        Forge.NONE);
  }

  /** The same options with {@code forge}. */
  public ServerOptions with(Forge forge) {
    return new ServerOptions(
        host,
        port,
        maxBodyBytes,
        sessionLifetime,
        secureCookies,
        verifierKey,
        signingKey,
        accessLog,
        forge);
  }

  /**
   * How the node keeps its clone fetched and talks to forges.
   *
   * @param remote the remote of the server's clone that is fetched
   * @param refspecs refspecs to fetch (none: the remote's configured ones)
   * @param fetchInterval fetch this often (zero: only on push webhooks)
   * @param githubSecret the GitHub webhook secret (X-Hub-Signature-256); empty: GitHub hooks are
   *     refused
   * @param gitlabToken the GitLab webhook secret token (X-Gitlab-Token), also the HMAC secret of
   *     external status checks; empty: GitLab hooks are refused
   * @param githubApi where deployment protection answers go (GitHub's REST API)
   * @param githubToken the token those answers are sent with
   * @param gitlabApi GitLab's REST API (…/api/v4), for external status check answers
   * @param gitlabApiToken the token those answers are sent with (PRIVATE-TOKEN)
   * @param githubApp the GitHub App that mints installation tokens for the answers (preferred over
   *     {@code githubToken} when both are given)
   */
  public record Forge(
      String remote,
      java.util.List<String> refspecs,
      Duration fetchInterval,
      Optional<String> githubSecret,
      Optional<String> gitlabToken,
      java.net.URI githubApi,
      Optional<String> githubToken,
      Optional<java.net.URI> gitlabApi,
      Optional<String> gitlabApiToken,
      Optional<GitHubAppKey> githubApp) {
    /** Forge settings without a GitHub App. */
    public Forge(
        String remote,
        java.util.List<String> refspecs,
        Duration fetchInterval,
        Optional<String> githubSecret,
        Optional<String> gitlabToken,
        java.net.URI githubApi,
        Optional<String> githubToken,
        Optional<java.net.URI> gitlabApi,
        Optional<String> gitlabApiToken) {
      this(
          remote,
          refspecs,
          fetchInterval,
          githubSecret,
          gitlabToken,
          githubApi,
          githubToken,
          gitlabApi,
          gitlabApiToken,
          Optional.empty());
    }

    public static final java.net.URI GITHUB_API = java.net.URI.create("https://api.github.com");
    public static final Forge NONE =
        new Forge(
            "origin",
            java.util.List.of(),
            Duration.ZERO,
            Optional.empty(),
            Optional.empty(),
            GITHUB_API,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    public Forge {
      refspecs = java.util.List.copyOf(refspecs);
    }

    @Override
    public String toString() {
      return "Forge[remote=" + remote + ", fetchInterval=" + fetchInterval + "]"; // no secrets
    }
  }

  /** A GitHub App's id and private key (read from its .pem file at start; never printed). */
  public record GitHubAppKey(String appId, java.security.PrivateKey key) {
    @Override
    public String toString() {
      return "GitHubAppKey[appId=" + appId + "]";
    }
  }

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
