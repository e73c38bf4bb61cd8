package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line with --server: the same commands, the same output, the same exit codes. */
class ServerCliTest {
  @TempDir Path dir;
  ServerFixture server;
  String previousHome;

  @BeforeEach
  void start() {
    server = new ServerFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"));
    previousHome = System.getProperty("changetrail.home");
    System.setProperty("changetrail.home", dir.resolve("home").toString());
  }

  @AfterEach
  void stop() {
    if (previousHome == null) {
      System.clearProperty("changetrail.home");
    } else {
      System.setProperty("changetrail.home", previousHome);
    }
    server.close();
  }

  private Cli.Result as(String user, String... args) {
    try {
      Files.createDirectories(dir.resolve("home"));
      Files.writeString(dir.resolve("home/token"), server.tokens.getOrDefault(user, user) + "\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = server.url();
    return Cli.run(server.repo.root(), all);
  }

  private Cli.Result local(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = server.ledger;
    return Cli.run(server.repo.root(), all);
  }

  @Test
  void listAndShowPrintWhatTheLocalLedgerPrints() {
    String id = server.registerFeature();
    Cli.Result remoteList = as("dave", "change", "list");
    assertThat(remoteList.exitCode()).as(remoteList.err()).isZero();
    assertThat(remoteList.out()).contains(id).isEqualTo(local("change", "list").out());
    assertThat(as("dave", "change", "show", id).out()).isEqualTo(local("change", "show", id).out());
    assertThat(as("dave", "change", "show", id, "--format", "json").out())
        .isEqualTo(local("change", "show", id, "--format", "json").out());
  }

  @Test
  void decisionsGoThroughTheServerWithItsRolesAndDuties() {
    String id = server.registerFeature();
    Cli.Result byDeveloper = as("alice", "approve", id, "--comment", "mine");
    assertThat(byDeveloper.exitCode()).isEqualTo(14);
    assertThat(byDeveloper.err()).contains("approver role");

    Cli.Result approved = as("bob", "approve", id, "--comment", "checked");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    assertThat(approved.out())
        .isEqualTo(
            "approved "
                + id
                + " as Bob Approver <bob@example.com>: 1 of 1 approval(s), status APPROVED\n");
    Cli.Result twice = as("bob", "approve", id);
    assertThat(twice.exitCode()).isEqualTo(14);
    assertThat(twice.err()).contains("already approved");

    assertThat(as("bob", "change", "show", "CHG-20200101-ZZZZ").exitCode()).isEqualTo(13);
  }

  @Test
  void deploymentsDoneByHandAreRecordedThroughTheServer() {
    String id = server.registerFeature();
    assertThat(as("bob", "approve", id).exitCode()).isZero();
    Cli.Result early = as("bob", "deploy", "start", id, "--env", "prod");
    assertThat(early.exitCode()).isEqualTo(14);
    assertThat(early.err()).contains("deployer role");

    Cli.Result started = as("carol", "deploy", "start", id, "--env", "prod");
    assertThat(started.exitCode()).as(started.err()).isZero();
    String deployment = started.out().strip();
    assertThat(
            as(
                    "carol",
                    "deploy",
                    "step",
                    id,
                    "--deployment",
                    deployment,
                    "--name",
                    "restart",
                    "--duration",
                    "40s")
                .exitCode())
        .isZero();
    assertThat(
            as(
                    "carol",
                    "deploy",
                    "issue",
                    id,
                    "--deployment",
                    deployment,
                    "--description",
                    "slow start")
                .exitCode())
        .isZero();
    Cli.Result finished =
        as("carol", "deploy", "finish", id, "--deployment", deployment, "--succeeded");
    assertThat(finished.exitCode()).as(finished.err()).isZero();
    assertThat(finished.out()).contains("SUCCEEDED");
    Cli.Result shown = local("deploy", "show", id, "--format", "json");
    assertThat(shown.out()).contains("restart", "slow start", "Carol Deployer");
  }

  @Test
  void metricsAndAuditRecordsPrintWhatTheLocalLedgerPrints() {
    String id = server.registerFeature();
    as("bob", "approve", id);
    String deployment = as("carol", "deploy", "start", id, "--env", "prod").out().strip();
    as("carol", "deploy", "finish", id, "--deployment", deployment, "--succeeded");
    for (String format : new String[] {"text", "json", "svg"}) {
      Cli.Result remote =
          as(
              "dave",
              "metrics",
              "--since",
              "2026-01-01",
              "--until",
              "2099-01-01",
              "--format",
              format);
      assertThat(remote.exitCode()).as(remote.err()).isZero();
      assertThat(remote.out())
          .as(format)
          .isEqualTo(
              local("metrics", "--since", "2026-01-01", "--until", "2099-01-01", "--format", format)
                  .out());
    }
    for (String format : new String[] {"text", "json"}) {
      Cli.Result remote = as("dave", "audit", "reconcile", "--env", "prod", "--format", format);
      Cli.Result local = local("audit", "reconcile", "--env", "prod", "--format", format);
      assertThat(remote.exitCode()).as(remote.err()).isEqualTo(local.exitCode());
      assertThat(remote.out()).as(format).isEqualTo(local.out());
    }
    for (String format : new String[] {"csv", "json"}) {
      Cli.Result remote =
          as(
              "dave",
              "audit",
              "population",
              "--from",
              "2026-01-01",
              "--to",
              "2099-01-01",
              "--format",
              format);
      assertThat(remote.exitCode()).as(remote.err()).isZero();
      assertThat(remote.out())
          .as(format)
          .contains(id)
          .isEqualTo(
              local(
                      "audit",
                      "population",
                      "--from",
                      "2026-01-01",
                      "--to",
                      "2099-01-01",
                      "--format",
                      format)
                  .out());
    }
    Cli.Result record = as("dave", "audit", "record", id);
    assertThat(record.exitCode()).as(record.err()).isZero();
    assertThat(record.out()).contains(id).isEqualTo(local("audit", "record", id).out());
    assertThat(as("bob", "audit", "record", id).exitCode()).isEqualTo(14);
  }

  @Test
  void badTokensAndUnreachableServersAreClearErrors() {
    Cli.Result wrong = as("not-a-token", "change", "list");
    assertThat(wrong.exitCode()).isEqualTo(14);
    assertThat(wrong.err()).contains("unknown, revoked or expired");

    Cli.Result down =
        Cli.run(server.repo.root(), "change", "list", "--server", "http://127.0.0.1:1");
    assertThat(down.exitCode()).isEqualTo(10);
    assertThat(down.err()).contains("cannot be reached");

    Cli.Result bad = Cli.run(server.repo.root(), "change", "list", "--server", "ftp://x");
    assertThat(bad.exitCode()).isEqualTo(7);
  }
}
