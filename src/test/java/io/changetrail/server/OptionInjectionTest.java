package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Option-shaped revisions, ranges and paths, given to every command and route that takes one, never
 * reach git as options: no file is written, the ledger is untouched, and the caller gets an input
 * error. Before the fix, {@code --commit=--output=FILE} made {@code git log} write FILE (over the
 * ledger database, through the API).
 */
class OptionInjectionTest {
  @TempDir Path dir;
  ServerFixture server;
  Path target;

  @BeforeEach
  void start() {
    server = new ServerFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"));
    target = dir.resolve("pwned.txt");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The values an attacker would try: the option alone, and as either end of a range. */
  private List<String> revisionPayloads() {
    String output = "--output=" + target;
    return List.of(output, output + "..HEAD", "HEAD.." + output, "main..." + output, "-o" + target);
  }

  @Test
  void commandLineNeverPassesAnOptionShapedRevisionToGit() {
    String id = server.registerFeature();
    Path ledger = dir.resolve("ledger.db");
    String before = digest(ledger);
    List<String[]> commands = new ArrayList<>();
    for (String value : revisionPayloads()) {
      commands.add(new String[] {"assess", "--commit=" + value});
      commands.add(new String[] {"assess", "--range=" + value});
      commands.add(new String[] {"assess", "--range=" + value, "--each", "--format", "json"});
      commands.add(new String[] {"lint", "--commit=" + value});
      commands.add(new String[] {"lint", "--range=" + value});
      commands.add(new String[] {"changelog", "--commit=" + value});
      commands.add(new String[] {"changelog", "--range=" + value});
      commands.add(
          new String[] {"change", "new", "--range=" + value, "--ledger", "jdbc:sqlite:" + ledger});
      commands.add(
          new String[] {
            "change", "update", id, "--range=" + value, "--ledger", "jdbc:sqlite:" + ledger
          });
    }
    commands.add(new String[] {"why", "--", "--output=" + target});
    commands.add(new String[] {"why", "-o" + target});
    for (String[] command : commands) {
      Cli.Result result = Cli.run(server.repo.root(), command);
      assertThat(result.exitCode())
          .as(String.join(" ", command) + " -> " + result.err())
          .isNotZero()
          .isNotEqualTo(70);
      assertThat(result.err()).as(String.join(" ", command)).doesNotContain("Exception");
      assertThat(target).as(String.join(" ", command) + " wrote a file").doesNotExist();
    }
    assertThat(digest(ledger)).as("the ledger database is untouched").isEqualTo(before);
  }

  @Test
  void optionShapedRevisionIsAnInputErrorThatNamesTheValue() {
    Cli.Result result = Cli.run(server.repo.root(), "assess", "--commit=--output=" + target);
    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.err()).contains("starts with '-'").contains("--output=");
    assertThat(target).doesNotExist();
  }

  @Test
  void routesNeverPassAnOptionShapedRevisionToGit() {
    String id = server.registerFeature();
    Path ledger = dir.resolve("ledger.db");
    String before = digest(ledger);
    for (String value : revisionPayloads()) {
      String json = "\"" + value.replace("\\", "\\\\") + "\"";
      List<ServerFixture.Reply> replies =
          List.of(
              server.post("alice", "/api/v1/assess", "{\"commit\": " + json + "}"),
              server.post("alice", "/api/v1/assess", "{\"range\": " + json + "}"),
              server.post("alice", "/api/v1/changes", "{\"range\": " + json + "}"),
              server.post(
                  "alice", "/api/v1/changes/" + id + "/update", "{\"range\": " + json + "}"),
              server.post(
                  "carol",
                  "/api/v1/changes/" + id + "/deployments",
                  "{\"environment\": \"prod\", \"commit\": " + json + "}"));
      for (ServerFixture.Reply reply : replies) {
        assertThat(reply.status()).as(value + " -> " + reply.body()).isBetween(400, 499);
        assertThat(reply.json().at("/error/message").asText()).isNotBlank();
        assertThat(target).as(value + " wrote a file").doesNotExist();
      }
    }
    assertThat(digest(ledger)).as("the ledger database is untouched").isEqualTo(before);
  }

  @Test
  void assessingThroughTheApiNeedsTheDeveloperRoleAsDocumented() {
    ServerFixture.Reply byAuditor =
        server.post("dave", "/api/v1/assess", "{\"range\": \"main..feature\"}");
    assertThat(byAuditor.status()).isEqualTo(403);
    ServerFixture.Reply byDeveloper =
        server.post("alice", "/api/v1/assess", "{\"range\": \"main..feature\"}");
    assertThat(byDeveloper.status()).as(byDeveloper.body()).isEqualTo(200);
  }

  private static String digest(Path file) {
    try {
      if (!Files.exists(file)) {
        return "absent";
      }
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
