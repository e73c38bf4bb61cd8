package io.changetrail.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.changetrail.testing.Cli;
import io.changetrail.testing.RouterChange;
import io.changetrail.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attestations (issue 16): a change's evidence as in-toto statements in DSSE envelopes, checked by
 * verifiers written from the specifications alone (in this class with the JDK, and in Python with
 * the `cryptography` package), never by ChangeTrail's own code.
 */
class AttestationTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TestRepo repo;
  private String ledger;

  @BeforeEach
  void setUp() {
    System.setProperty("changetrail.home", dir.resolve("home").toString());
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
    repo.file(
            "changetrail.yml",
            "version: 1\nsystems:\n  order-router:\n    paths: [\"order-router/\"]\n    tier: 3\n"
                + "  common:\n    paths: [\"common/\", \"pom.xml\"]\n    tier: 2\n")
        .file("deploy/prod.yml", RouterChange.RUNBOOK)
        .commit("CONFIGURATION: lifecycle settings");
  }

  @AfterEach
  void clearHome() {
    System.clearProperty("changetrail.home");
  }

  private Cli.Result as(String who, String... args) {
    repo.git("config", "user.name", who);
    repo.git("config", "user.email", who.toLowerCase() + "@example.com");
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }

  /** A documented change, approved by Bob and deployed to prod by Carol. */
  private String deployedChange() {
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(RouterChange.DOCUMENTED);
    Cli.Result created = as("Alice", "change", "new");
    assertThat(created.exitCode()).as(created.err()).isZero();
    Matcher id = ID.matcher(created.out());
    assertThat(id.find()).isTrue();
    Cli.Result approved = as("Bob", "approve", id.group(), "--comment", "checked");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    Cli.Result deployed =
        as("Carol", "deploy", "run", id.group(), "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    assertThat(Cli.run(repo.root(), "keys", "generate", "--name", "acme.example/ledger").exitCode())
        .isZero();
    return id.group();
  }

  @Test
  void aDeployedChangesAttestationsVerifyWithTheSpecificationsAlone() throws Exception {
    String id = deployedChange();
    Files.writeString(dir.resolve("app.jar"), "the artifact", StandardCharsets.UTF_8);
    Cli.Result attest =
        as(
            "Dave",
            "attest",
            id,
            "--subject",
            dir.resolve("app.jar").toString(),
            "--out",
            dir.resolve("change.intoto.jsonl").toString(),
            "--public-key",
            dir.resolve("ledger.pem").toString());
    assertThat(attest.exitCode()).as(attest.err()).isZero();
    assertThat(attest.out())
        .contains("3 attestations of " + id)
        .contains("deployment authorisation: prod")
        .contains("not attested (the audit record does not prove them):")
        .contains("Testing verified: FAIL");

    List<JsonNode> statements =
        verifyIndependently(dir.resolve("change.intoto.jsonl"), dir.resolve("ledger.pem"));
    assertThat(statements)
        .extracting(s -> s.get("predicateType").asText())
        .containsExactly(
            "https://changetrail.dev/attestation/change/v1",
            "https://in-toto.io/attestation/svr/v0.1",
            "https://in-toto.io/attestation/deployment/v1");

    String tip = repo.git("rev-parse", "feature").strip();
    String tree = repo.git("rev-parse", "feature^{tree}").strip();
    String jar =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("the artifact".getBytes(StandardCharsets.UTF_8)));
    for (JsonNode statement : statements) {
      assertThat(statement.get("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
      JsonNode subject = statement.get("subject");
      assertThat(subject.get(0).get("digest").get("gitTree").asText()).isEqualTo(tree);
      assertThat(subject.get(1).get("digest").get("gitCommit").asText()).isEqualTo(tip);
      assertThat(subject.get(2).get("name").asText()).isEqualTo("app.jar");
      assertThat(subject.get(2).get("digest").get("sha256").asText()).isEqualTo(jar);
    }

    JsonNode svr = statements.get(1).get("predicate");
    List<String> properties = new ArrayList<>();
    svr.get("properties").forEach(p -> properties.add(p.asText()));
    assertThat(properties)
        .contains(
            "CHANGETRAIL_APPROVAL_OBTAINED_BEFORE_DEPLOYMENT",
            "CHANGETRAIL_SEGREGATION_OF_DUTIES",
            "CHANGETRAIL_APPROVED_FOR_PROD")
        // nothing was verified and identities were self-asserted: not claimed
        .doesNotContain("CHANGETRAIL_TESTING_VERIFIED", "CHANGETRAIL_IDENTITIES_OF_DECIDERS");
    assertThat(svr.get("verifier").get("id").asText())
        .isEqualTo("https://changetrail.dev/verifier/v1");
    String config =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(repo.root().resolve("changetrail.yml"))));
    assertThat(svr.get("verifier").get("policy").get("digest").get("sha256").asText())
        .isEqualTo(config);
    assertThat(svr.get("changetrail").get("notVerified").toString())
        .contains("Testing verified", "Identities of deciders");

    JsonNode deployment = statements.get(2).get("predicate");
    assertThat(deployment.get("scopes").get("changetrail.dev/environment/v1").asText())
        .isEqualTo("prod");
    assertThat(deployment.get("decisionDetails").get("evidence").size()).isGreaterThan(2);

    JsonNode record = statements.get(0).get("predicate");
    assertThat(record.get("id").asText()).isEqualTo(id);
    assertThat(record.get("tip").asText()).isEqualTo(tip);
    assertThat(record.get("approvals").get(0).get("by").asText()).contains("bob@example.com");
    assertThat(record.get("deployments").get(0).get("environment").asText()).isEqualTo("prod");
  }

  @Test
  void theArtifactsADeploymentRecordedAreShownAndAttestedAsSubjects() throws Exception {
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(RouterChange.DOCUMENTED);
    Matcher id = ID.matcher(as("Alice", "change", "new").out());
    assertThat(id.find()).isTrue();
    assertThat(as("Bob", "approve", id.group()).exitCode()).isZero();
    String digest = "sha256:" + "0f".repeat(32);

    Cli.Result bad =
        as(
            "Carol",
            "deploy",
            "run",
            id.group(),
            "--env",
            "prod",
            "--plan",
            "deploy/prod.yml",
            "--artifact",
            "order-router.jar=sha256:0F0F");
    assertThat(bad.exitCode()).isEqualTo(7);
    assertThat(bad.err()).contains("not sha256:<64 hex digits>").doesNotContain("Exception");
    assertThat(as("Dave", "change", "show", id.group(), "--format", "json").out())
        .contains("\"deployments\" : [ ]");

    Cli.Result twice =
        as(
            "Carol",
            "deploy",
            "start",
            id.group(),
            "--env",
            "prod",
            "--artifact",
            "a.jar=" + digest,
            "--artifact",
            "a.jar=" + digest);
    assertThat(twice.exitCode()).isEqualTo(7);
    assertThat(twice.err()).contains("named twice");

    Cli.Result deployed =
        as(
            "Carol",
            "deploy",
            "run",
            id.group(),
            "--env",
            "prod",
            "--plan",
            "deploy/prod.yml",
            "--artifact",
            "order-router.jar=" + digest,
            "--format",
            "json");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    JsonNode document = JSON.readTree(deployed.out());
    assertThat(document.get("artifacts").get(0).get("name").asText()).isEqualTo("order-router.jar");
    assertThat(document.get("artifacts").get(0).get("digest").asText()).isEqualTo(digest);
    assertThat(as("Dave", "deploy", "show", id.group()).out())
        .contains("**Artifacts**: order-router.jar " + digest);

    assertThat(Cli.run(repo.root(), "keys", "generate").exitCode()).isZero();
    Path file = dir.resolve("a.jsonl");
    Cli.Result attest =
        as(
            "Dave",
            "attest",
            id.group(),
            "--out",
            file.toString(),
            "--public-key",
            dir.resolve("k.pem").toString());
    assertThat(attest.exitCode()).as(attest.err()).isZero();
    List<JsonNode> statements = verifyIndependently(file, dir.resolve("k.pem"));
    for (JsonNode statement : statements) {
      JsonNode subject = statement.get("subject");
      assertThat(subject).hasSize(3);
      assertThat(subject.get(2).get("name").asText()).isEqualTo("order-router.jar");
      assertThat(subject.get(2).get("digest").get("sha256").asText())
          .isEqualTo(digest.substring(7));
    }
    assertThat(
            statements
                .get(0)
                .get("predicate")
                .get("deployments")
                .get(0)
                .get("artifacts")
                .get(0)
                .get("digest")
                .asText())
        .isEqualTo(digest);
  }

  @Test
  void aChangedPayloadOrAnotherKeyFailsTheIndependentVerifiers() throws Exception {
    String id = deployedChange();
    Path file = dir.resolve("change.intoto.jsonl");
    Cli.Result attest =
        as(
            "Dave",
            "attest",
            id,
            "--out",
            file.toString(),
            "--public-key",
            dir.resolve("ledger.pem").toString());
    assertThat(attest.exitCode()).as(attest.err()).isZero();

    // The approval claimed for another environment: the same bytes, one word changed.
    List<String> lines = Files.readAllLines(file);
    ObjectNode envelope = (ObjectNode) JSON.readTree(lines.get(2));
    String payload =
        new String(
            Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
    assertThat(payload).contains("\"prod\"");
    envelope.put(
        "payload",
        Base64.getEncoder()
            .encodeToString(
                payload.replace("\"prod\"", "\"dr\"").getBytes(StandardCharsets.UTF_8)));
    lines.set(2, JSON.writeValueAsString(envelope));
    Path tampered = dir.resolve("tampered.intoto.jsonl");
    Files.write(tampered, lines);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> verifyIndependently(tampered, dir.resolve("ledger.pem")))
        .hasMessageContaining("line 3: no signature verifies");

    // Another key (a second ledger's): nothing verifies.
    Path otherHome = dir.resolve("other-home");
    System.setProperty("changetrail.home", otherHome.toString());
    assertThat(
            Cli.run(repo.root(), "keys", "generate", "--name", "other.example/ledger").exitCode())
        .isZero();
    Cli.Result other =
        as(
            "Dave",
            "attest",
            id,
            "--out",
            "x.jsonl",
            "--public-key",
            dir.resolve("other.pem").toString());
    assertThat(other.exitCode()).as(other.err()).isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> verifyIndependently(file, dir.resolve("other.pem")))
        .hasMessageContaining("line 1: no signature verifies");

    if (python()) {
      Python bad = python(tampered, dir.resolve("ledger.pem"));
      assertThat(bad.exit()).isEqualTo(1);
      assertThat(bad.out()).contains("BAD line 3: no signature verifies");
    }
  }

  @Test
  void aChangeNobodyDecidedOnIsAttestedWithNothingClaimedForIt() throws Exception {
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(RouterChange.DOCUMENTED);
    Cli.Result created = as("Alice", "change", "new");
    Matcher id = ID.matcher(created.out());
    assertThat(id.find()).as(created.err()).isTrue();
    assertThat(Cli.run(repo.root(), "keys", "generate").exitCode()).isZero();
    Path file = dir.resolve("a.jsonl");
    Cli.Result attest =
        as(
            "Dave",
            "attest",
            id.group(),
            "--out",
            file.toString(),
            "--public-key",
            dir.resolve("k.pem").toString());
    assertThat(attest.exitCode()).as(attest.err()).isZero();
    List<JsonNode> statements = verifyIndependently(file, dir.resolve("k.pem"));
    // no approval: no deployment authorisation, and segregation of duties is not claimed
    // (nothing was separated yet: the audit record says N/A, not PASS)
    assertThat(statements).hasSize(2);
    assertThat(statements.get(1).get("predicate").get("properties")).isEmpty();
    JsonNode checklist = statements.get(0).get("predicate").get("checklist");
    assertThat(checklist.toString())
        .contains(
            "{\"evidence\":\"no approval recorded\",\"item\":\"Segregation of duties\",\"result\":\"N/A\"}");
  }

  @Test
  void badInputIsRefusedWithItsExitCodeAndNothingWritten() throws Exception {
    String id = deployedChange();
    Cli.Result digest =
        as("Dave", "attest", id, "--subject-digest", "app=sha1:abc", "--out", "a.jsonl");
    assertThat(digest.exitCode()).isEqualTo(7);
    assertThat(digest.err()).contains("is not NAME=sha256:HEX");
    assertThat(repo.root().resolve("a.jsonl")).doesNotExist();

    Cli.Result unknown = as("Dave", "attest", "CHG-20260101-ZZZZ", "--out", "b.jsonl");
    assertThat(unknown.exitCode()).isEqualTo(13);
    assertThat(repo.root().resolve("b.jsonl")).doesNotExist();

    System.setProperty("changetrail.home", dir.resolve("no-keys").toString());
    Cli.Result keyless = as("Dave", "attest", id, "--out", "c.jsonl");
    assertThat(keyless.exitCode()).isEqualTo(12);
    assertThat(keyless.err()).doesNotContain("Exception");
    assertThat(repo.root().resolve("c.jsonl")).doesNotExist();
  }

  @Test
  void pythonsCryptographyVerifiesTheEnvelopes() throws Exception {
    boolean required = "1".equals(System.getenv("CHANGETRAIL_REQUIRE_PYTHON_CRYPTOGRAPHY"));
    if (!required) {
      Assumptions.assumeTrue(python(), "python3 with the cryptography package is not installed");
    }
    String id = deployedChange();
    Cli.Result attest =
        as(
            "Dave",
            "attest",
            id,
            "--out",
            dir.resolve("change.intoto.jsonl").toString(),
            "--public-key",
            dir.resolve("ledger.pem").toString());
    assertThat(attest.exitCode()).as(attest.err()).isZero();
    Python verified = python(dir.resolve("change.intoto.jsonl"), dir.resolve("ledger.pem"));
    assertThat(verified.exit()).as(verified.out()).isZero();
    String tree = repo.git("rev-parse", "feature^{tree}").strip();
    assertThat(verified.out().lines().toList())
        .hasSize(3)
        .allMatch(line -> line.startsWith("OK https://") && line.contains("gitTree:" + tree));
  }

  /**
   * The DSSE v1.0 protocol and the in-toto Statement v1 layer, from their specifications: the PAE,
   * an Ed25519 check of each line against the PEM key, and the decoded statements.
   */
  static List<JsonNode> verifyIndependently(Path envelopes, Path pem) throws Exception {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                text.replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", ""));
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    List<JsonNode> statements = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(envelopes, StandardCharsets.UTF_8)) {
      number++;
      JsonNode envelope = JSON.readTree(line);
      String type = envelope.get("payloadType").asText();
      byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
      byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
      java.io.ByteArrayOutputStream pae = new java.io.ByteArrayOutputStream();
      pae.writeBytes(
          ("DSSEv1 " + typeBytes.length + " " + type + " " + payload.length + " ")
              .getBytes(StandardCharsets.UTF_8));
      pae.writeBytes(payload);
      boolean verified = false;
      for (JsonNode signature : envelope.get("signatures")) {
        Signature check = Signature.getInstance("Ed25519");
        check.initVerify(key);
        check.update(pae.toByteArray());
        verified |= check.verify(Base64.getDecoder().decode(signature.get("sig").asText()));
      }
      if (!verified) {
        throw new AssertionError("line " + number + ": no signature verifies");
      }
      assertThat(type).isEqualTo("application/vnd.in-toto+json");
      statements.add(JSON.readTree(payload));
    }
    return statements;
  }

  record Python(int exit, String out) {}

  static boolean python() {
    try {
      Process probe =
          new ProcessBuilder("/usr/bin/python3", "-c", "import cryptography")
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  static Python python(Path envelopes, Path pem) throws Exception {
    Path script = Path.of("src/test/resources/attest/verify_dsse.py").toAbsolutePath();
    Process process =
        new ProcessBuilder(
                "/usr/bin/python3", script.toString(), envelopes.toString(), pem.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Python(process.exitValue(), out);
  }
}
