package io.changetrail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.changetrail.testing.TestRepo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The CI examples of docs/ci/, run as their runners run them: the job read from the example file,
 * the clone made the way actions/checkout or the GitLab runner makes it at the depth the example
 * sets (and at the shallow defaults), each script step run by bash with the runner's environment,
 * the packaged jar installed by the example's own install step (curl of a file:// URL).
 *
 * <p>What cannot run here is said, not faked: the GitHub comment step needs GitHub's API and is
 * skipped by name; setup-java is the JDK running this test.
 */
class CiExamplesIT {
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
  private static final String DOCUMENTED =
      "ENHANCEMENT: cache venue status in the router\n\n"
          + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
          + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
          + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
          + "## Testing and Verification\n- ✅ RouterTest passes\n\n"
          + "## Rollback Procedure\n1. Redeploy the previous release.\n";

  @TempDir Path dir;

  private static Path jar() {
    return Path.of(System.getProperty("changetrail.jar", "target/changetrail.jar"))
        .toAbsolutePath();
  }

  /** The upstream repository: main moved on after the feature branched; refs/pull/1/merge. */
  private record Upstream(Path path, String head, String mergeBase) {}

  private Upstream upstream(String featureMessage) {
    TestRepo repo = TestRepo.tradingSystem(dir.resolve("upstream"));
    // A history longer than a shallow clone's depth (GitLab's default is 20 commits).
    for (int i = 1; i <= 25; i++) {
      repo.file("docs/notes.md", "note " + i + "\n")
          .commit(DOCUMENTED.replace("cache venue status in the router", "note " + i));
    }
    String mergeBase = repo.git("rev-parse", "HEAD").strip();
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(featureMessage);
    String head = repo.git("rev-parse", "HEAD").strip();
    repo.checkout("main")
        .file("market-data/README.md", "feeds\n")
        .commit(DOCUMENTED.replace("cache venue status in the router", "document the feeds"));
    repo.git("checkout", "-q", "-b", "pr-merge", "main");
    repo.git("merge", "-q", "--no-ff", "-m", "Merge " + head + " into main", "feature");
    repo.git("update-ref", "refs/pull/1/merge", "HEAD");
    repo.git("checkout", "-q", "main");
    return new Upstream(repo.root(), head, mergeBase);
  }

  private record Run(int exitCode, String log) {}

  private Run bash(Path workDir, String script, Map<String, String> env)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "step", ".log");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private void git(Path workDir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String file) throws IOException {
    String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  // ---------------------------------------------------------------- GitHub Actions

  /** What the job did: each step's name and outcome, the job summary, the logs. */
  private record Job(List<String> outcomes, String summary, String logs) {
    boolean failed() {
      return outcomes.stream().anyMatch(o -> o.endsWith(": failure"));
    }
  }

  /**
   * The pull-request job of docs/ci/github-actions.yml: actions/checkout's clone of
   * refs/pull/1/merge at {@code depth} (0: everything, as fetch-depth 0), then each step.
   */
  @SuppressWarnings("unchecked")
  private Job github(Upstream upstream, Integer depthOverride) throws Exception {
    Map<String, Object> workflow = yaml("docs/ci/github-actions.yml");
    Map<String, Object> job =
        (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get("change-documents");
    List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
    Path workspace = Files.createDirectories(dir.resolve("gh-workspace"));
    Path temp = Files.createDirectories(dir.resolve("gh-runner-temp"));
    Path summary = Files.createFile(temp.resolve("step-summary.md"));
    Path githubPath = Files.createFile(temp.resolve("github-path"));
    Map<String, String> expressions = new LinkedHashMap<>();
    expressions.put("vars.CHANGETRAIL_JAR_URL", jar().toUri().toString());
    expressions.put("vars.CHANGETRAIL_FAIL_ON || 'HIGH'", "HIGH");
    expressions.put("github.event.pull_request.head.sha", upstream.head());
    expressions.put("github.event.pull_request.number", "1");
    expressions.put("github.token", "not-a-token");

    List<String> outcomes = new ArrayList<>();
    StringBuilder logs = new StringBuilder();
    boolean failed = false;
    for (Map<String, Object> step : steps) {
      String uses = String.valueOf(step.getOrDefault("uses", ""));
      String name = String.valueOf(step.getOrDefault("name", uses));
      if (uses.startsWith("actions/checkout@")) {
        Map<String, Object> with = (Map<String, Object>) step.getOrDefault("with", Map.of());
        int depth =
            depthOverride != null
                ? depthOverride
                : Integer.parseInt(String.valueOf(with.getOrDefault("fetch-depth", 1)));
        checkout(upstream, workspace, depth);
        outcomes.add(name + ": success");
        continue;
      }
      if (uses.startsWith("actions/setup-java@")) {
        outcomes.add(name + ": the JDK running this test");
        continue;
      }
      assertThat(uses).as("a step this harness does not know").isEmpty();
      String condition = String.valueOf(step.getOrDefault("if", ""));
      if (failed && !condition.equals("always()")) {
        outcomes.add(name + ": skipped");
        continue;
      }
      String script = String.valueOf(step.get("run"));
      if (script.contains("gh pr comment")) {
        outcomes.add(name + ": not run here (needs GitHub's API)");
        continue;
      }
      Map<String, String> env = new LinkedHashMap<>();
      String path = System.getenv("PATH");
      for (String line : Files.readAllLines(githubPath)) {
        if (!line.isBlank()) {
          path = line.strip() + ":" + path;
        }
      }
      env.put("PATH", path);
      env.put("CI", "true");
      env.put("GITHUB_ACTIONS", "true");
      env.put("GITHUB_EVENT_NAME", "pull_request");
      env.put("GITHUB_BASE_REF", "main");
      env.put("GITHUB_HEAD_REF", "feature");
      env.put("GITHUB_REF", "refs/pull/1/merge");
      env.put("GITHUB_WORKSPACE", workspace.toString());
      env.put("GITHUB_STEP_SUMMARY", summary.toString());
      env.put("GITHUB_PATH", githubPath.toString());
      env.put("RUNNER_TEMP", temp.toString());
      Map<String, Object> stepEnv = (Map<String, Object>) step.getOrDefault("env", Map.of());
      for (Map.Entry<String, Object> variable : stepEnv.entrySet()) {
        env.put(variable.getKey(), evaluate(String.valueOf(variable.getValue()), expressions));
      }
      assertThat(EXPRESSION.matcher(script).find())
          .as("expressions belong in env:, not in run: (%s)", name)
          .isFalse();
      Run run = bash(workspace, script, env);
      logs.append("## ").append(name).append('\n').append(run.log());
      outcomes.add(name + (run.exitCode() == 0 ? ": success" : ": failure"));
      failed |= run.exitCode() != 0;
    }
    return new Job(outcomes, Files.readString(summary, StandardCharsets.UTF_8), logs.toString());
  }

  private static String evaluate(String value, Map<String, String> expressions) {
    Matcher match = EXPRESSION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (match.find()) {
      String known = expressions.get(match.group(1));
      if (known == null && match.group(1).startsWith("steps.")) {
        known = ""; // GitHub: an output a step did not set (or of a skipped step) is empty
      }
      assertThat(known)
          .as("an expression this test does not provide: %s", match.group(1))
          .isNotNull();
      match.appendReplacement(out, Matcher.quoteReplacement(known));
    }
    match.appendTail(out);
    return out.toString();
  }

  /** What actions/checkout does for a pull request at fetch-depth {@code depth}. */
  private void checkout(Upstream upstream, Path workspace, int depth) throws Exception {
    git(workspace, "init", "-q");
    git(workspace, "remote", "add", "origin", upstream.path().toUri().toString());
    if (depth == 0) {
      git(
          workspace,
          "fetch",
          "-q",
          "--prune",
          "--no-recurse-submodules",
          "origin",
          "+refs/heads/*:refs/remotes/origin/*",
          "+refs/tags/*:refs/tags/*");
      git(workspace, "fetch", "-q", "origin", "+refs/pull/1/merge:refs/remotes/pull/1/merge");
    } else {
      git(
          workspace,
          "fetch",
          "-q",
          "--no-tags",
          "--depth=" + depth,
          "origin",
          "+refs/pull/1/merge:refs/remotes/pull/1/merge");
    }
    git(workspace, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge");
  }

  @Test
  void githubPullRequestJobLintsAssessesAndPublishesAtTheDocumentedDepth() throws Exception {
    Upstream upstream = upstream(DOCUMENTED);
    Job job = github(upstream, null);
    assertThat(job.failed()).as(job.logs()).isFalse();
    assertThat(job.outcomes())
        .contains(
            "Install ChangeTrail: success",
            "Lint the change documents: success",
            "Assess the change: success",
            "Publish the assessment: success",
            "Comment on the pull request: not run here (needs GitHub's API)");
    assertThat(job.summary()).contains("order-router").containsIgnoringCase("risk");
  }

  @Test
  void githubJobFailsOnAnUndocumentedCommitAndStillPublishes() throws Exception {
    Upstream upstream = upstream("fixed stuff");
    Job job = github(upstream, null);
    assertThat(job.outcomes())
        .contains(
            "Lint the change documents: failure",
            "Assess the change: skipped",
            "Publish the assessment: success");
    assertThat(job.logs()).contains("fixed stuff");
    assertThat(job.summary()).contains("ChangeTrail did not assess this pull request");
  }

  @Test
  void githubJobInADepthOneCloneSaysWhatToFetch() throws Exception {
    Upstream upstream = upstream(DOCUMENTED);
    Job job = github(upstream, 1);
    assertThat(job.outcomes()).contains("Lint the change documents: failure");
    assertThat(job.logs()).contains("shallow").contains("fetch");
    assertThat(job.logs()).doesNotContain("Exception");
  }

  // ---------------------------------------------------------------- GitLab CI

  /** The merge-request job of docs/ci/gitlab-ci.yml in a runner's clone at {@code depth}. */
  @SuppressWarnings("unchecked")
  private Run gitlab(Upstream upstream, Integer depthOverride, Path workspace) throws Exception {
    Map<String, Object> pipeline = yaml("docs/ci/gitlab-ci.yml");
    Map<String, Object> job = (Map<String, Object>) pipeline.get("changetrail");
    Map<String, Object> variables = (Map<String, Object>) job.get("variables");
    int depth =
        depthOverride != null
            ? depthOverride
            : Integer.parseInt(String.valueOf(variables.getOrDefault("GIT_DEPTH", "20")));
    Files.createDirectories(workspace);
    git(workspace, "init", "-q");
    git(workspace, "remote", "add", "origin", upstream.path().toUri().toString());
    List<String> fetch =
        new ArrayList<>(
            List.of("fetch", "-q", "--prune", "origin", "+refs/heads/*:refs/remotes/origin/*"));
    if (depth > 0) {
      fetch.add(2, "--depth=" + depth);
    }
    git(workspace, fetch.toArray(String[]::new));
    git(workspace, "checkout", "-q", "--detach", upstream.head());

    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("CI", "true");
    env.put("GITLAB_CI", "true");
    env.put("CI_PIPELINE_SOURCE", "merge_request_event");
    env.put("CI_PROJECT_DIR", workspace.toString());
    env.put("CI_COMMIT_SHA", upstream.head());
    env.put("CI_MERGE_REQUEST_DIFF_BASE_SHA", upstream.mergeBase());
    env.put("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main");
    env.put("CI_MERGE_REQUEST_IID", "1");
    env.put("CI_PROJECT_ID", "42");
    env.put("CI_API_V4_URL", "http://gitlab.invalid/api/v4");
    env.put("CHANGETRAIL_JAR_URL", jar().toUri().toString());
    for (Map.Entry<String, Object> variable : variables.entrySet()) {
      env.putIfAbsent(variable.getKey(), String.valueOf(variable.getValue()));
    }
    // The runner runs before_script and script in one shell, stopping at the first failure.
    List<String> lines = new ArrayList<>((List<String>) job.get("before_script"));
    lines.addAll((List<String>) job.get("script"));
    Run run = bash(workspace, String.join("\n", lines), env);
    // after_script runs whatever happened, in a new shell; without CHANGETRAIL_NOTE_TOKEN it
    // posts nothing (the note needs GitLab's API).
    Run after = bash(workspace, String.join("\n", (List<String>) job.get("after_script")), env);
    assertThat(after.exitCode()).as(after.log()).isZero();
    return run;
  }

  @Test
  void gitlabMergeRequestJobLintsAndAssessesAtTheDocumentedDepth() throws Exception {
    Upstream upstream = upstream(DOCUMENTED);
    Path workspace = dir.resolve("gl-workspace");
    Run run = gitlab(upstream, null, workspace);
    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(Files.readString(workspace.resolve("assessment.md"))).contains("order-router");
  }

  @Test
  void gitlabJobAtTheRunnersDefaultDepthWorksForAShortMergeRequest() throws Exception {
    Upstream upstream = upstream(DOCUMENTED);
    Path workspace = dir.resolve("gl-shallow");
    Run run = gitlab(upstream, 20, workspace);
    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(Files.exists(workspace.resolve(".git/shallow")))
        .as("the clone is shallow, as the runner's would be")
        .isTrue();
  }

  @Test
  void gitlabJobFailsOnAnUndocumentedCommit() throws Exception {
    Upstream upstream = upstream("fixed stuff");
    Run run = gitlab(upstream, null, dir.resolve("gl-undocumented"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.log()).contains("fixed stuff").doesNotContain("Exception");
  }

  // ---------------------------------------------------------------- pushes to the default branch

  private static final String BUILD =
      "#!/bin/sh\nset -e\nmkdir -p deploy/out\ngit rev-parse HEAD > deploy/out/app.jar\n";
  private static final String DEPLOY =
      "#!/bin/sh\nset -e\n[ -z \"$DEPLOY_FAILS\" ] || { echo 'the router did not start'; exit 3; }\n"
          + "mkdir -p \"$DEPLOY_TARGET\"\ncp \"$2\" \"$DEPLOY_TARGET/$1.jar\"\n";

  /**
   * A team on a real {@code changetrail serve} from the packaged jar: an upstream repository whose
   * main just received a merged pull request (the push from {@code before} to {@code after}), the
   * server's own clone of it made before that push, and a CI user with the developer and deployer
   * roles. The server is GitHub's deployment protection rule too: a local HTTP server stands in for
   * GitHub's API and records the answers it posts.
   */
  private final class Team implements AutoCloseable {
    final Path upstream;
    final String before;
    final String after;
    final ServeProcess server;
    final Map<String, String> tokens;
    final HttpServer githubApi;
    final List<String> callbacks = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Path target;

    Team() throws Exception {
      TestRepo repo = TestRepo.tradingSystem(dir.resolve("upstream"));
      repo.file("deploy/build.sh", BUILD).file("deploy/deploy.sh", DEPLOY);
      for (String script : List.of("deploy/build.sh", "deploy/deploy.sh")) {
        Files.setPosixFilePermissions(
            repo.root().resolve(script),
            java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      repo.commit(DOCUMENTED.replace("cache venue status in the router", "deployment scripts"));
      upstream = repo.root();
      Path clone = dir.resolve("server-clone");
      git(dir, "clone", "-q", upstream.toUri().toString(), clone.toString());
      before = repo.sha("main");
      repo.branch("feature")
          .as("Alice Author", "alice@example.com")
          .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
          .commit(DOCUMENTED);
      repo.checkout("main");
      repo.git(
          "merge", "-q", "--no-ff", "-m", "Merge pull request #1 from acme/feature", "feature");
      after = repo.sha("main");
      target = Files.createDirectories(dir.resolve("production"));

      String ledger = "jdbc:sqlite:" + dir.resolve("server-ledger.db");
      tokens = new LinkedHashMap<>(TeamFixture.team(ledger));
      try (io.changetrail.ledger.LedgerStore store =
          io.changetrail.ledger.LedgerStore.open(ledger)) {
        io.changetrail.app.users.AccessControl access =
            new io.changetrail.app.users.AccessControl(store, java.time.Clock.systemUTC());
        io.changetrail.domain.lifecycle.Person admin =
            new io.changetrail.domain.lifecycle.Person("Setup", "setup@example.com");
        access.addUser(
            "ci",
            "CI pipeline",
            "ci@example.com",
            java.util.Set.of(
                io.changetrail.app.users.Role.DEVELOPER, io.changetrail.app.users.Role.DEPLOYER),
            admin);
        tokens.put(
            "ci",
            access.issueToken("ci", "pipeline", java.util.Optional.empty(), admin).plaintext());
      }
      githubApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      githubApi.createContext(
          "/",
          exchange -> {
            callbacks.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      githubApi.start();
      Files.writeString(dir.resolve("github-secret"), "webhook-secret\n");
      Files.writeString(dir.resolve("github-token"), "ghs_installation_token\n");
      server =
          ServeProcess.start(
              "ci-server",
              clone,
              ledger,
              dir.resolve("logs"),
              List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
              List.of(
                  "--github-webhook-secret-file",
                  dir.resolve("github-secret").toString(),
                  "--github-token-file",
                  dir.resolve("github-token").toString(),
                  "--github-api-url",
                  "http://127.0.0.1:" + githubApi.getAddress().getPort()));
    }

    /** What GitHub does before a job with an environment: ask the protection rule's App. */
    String protectionRule(String environment) throws Exception {
      String body =
          Files.readString(
                  Path.of(
                      "src/test/resources/io/changetrail/server/forge/"
                          + "github-deployment-protection-rule.json"))
              .replace("${SHA}", after)
              .replace("${ENVIRONMENT}", environment);
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              "webhook-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature =
          "sha256="
              + java.util.HexFormat.of()
                  .formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
      java.net.http.HttpResponse<String> reply =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(server.url + "/hooks/github"))
                      .header("Content-Type", "application/json")
                      .header("X-GitHub-Event", "deployment_protection_rule")
                      .header("X-Hub-Signature-256", signature)
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(callbacks.get(callbacks.size() - 1))
          .path("state")
          .asText();
    }

    ServeProcess.Reply approve(String change) {
      return server.post(
          tokens.get("bob"),
          "/api/v1/changes/" + change + "/approve",
          "{\"comment\": \"limits checked\", \"environments\": [\"production\"]}");
    }

    com.fasterxml.jackson.databind.JsonNode change(String id) {
      return server.get(tokens.get("dave"), "/api/v1/changes/" + id).json();
    }

    String onlyChange() {
      com.fasterxml.jackson.databind.JsonNode list =
          server.get(tokens.get("dave"), "/api/v1/changes").json().get("changes");
      assertThat(list).hasSize(1);
      return list.get(0).get("id").asText();
    }

    @Override
    public void close() {
      server.close();
      githubApi.stop(0);
    }
  }

  /** One GitHub Actions job of a push to main, at the job's checkout depth or {@code depth}. */
  @SuppressWarnings("unchecked")
  private Job githubPushJob(Team team, String jobName, Integer depth, Map<String, String> extraEnv)
      throws Exception {
    Map<String, Object> workflow = yaml("docs/ci/github-actions.yml");
    Map<String, Object> job =
        (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get(jobName);
    assertThat(job).as("job " + jobName).isNotNull();
    assertThat(job.get("if")).isEqualTo("github.event_name == 'push'");
    List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
    Path workspace =
        Files.createDirectories(dir.resolve("gh-" + jobName + "-" + System.nanoTime()));
    Path temp =
        Files.createDirectories(workspace.resolveSibling(workspace.getFileName() + "-temp"));
    Path summary = Files.createFile(temp.resolve("step-summary.md"));
    Path githubPath = Files.createFile(temp.resolve("github-path"));
    Map<String, String> expressions = new LinkedHashMap<>();
    expressions.put("vars.CHANGETRAIL_JAR_URL", jar().toUri().toString());
    expressions.put("vars.CHANGETRAIL_SERVER", team.server.url);
    expressions.put("secrets.CHANGETRAIL_TOKEN", team.tokens.get("ci"));
    expressions.put("github.event.before", team.before);
    expressions.put("github.server_url", "https://github.com");
    expressions.put("github.repository", "acme/trading");
    expressions.put("github.run_id", "4242");

    List<String> outcomes = new ArrayList<>();
    StringBuilder logs = new StringBuilder();
    boolean failed = false;
    for (Map<String, Object> step : steps) {
      String uses = String.valueOf(step.getOrDefault("uses", ""));
      String name = String.valueOf(step.getOrDefault("name", uses));
      String id = String.valueOf(step.getOrDefault("id", ""));
      if (uses.startsWith("actions/checkout@")) {
        Map<String, Object> with = (Map<String, Object>) step.getOrDefault("with", Map.of());
        int fetchDepth =
            depth != null
                ? depth
                : Integer.parseInt(String.valueOf(with.getOrDefault("fetch-depth", 1)));
        pushCheckout(team, workspace, fetchDepth);
        outcomes.add(name + ": success");
        continue;
      }
      if (uses.startsWith("actions/setup-java@")) {
        outcomes.add(name + ": the JDK running this test");
        continue;
      }
      assertThat(uses).as("a step this harness does not know").isEmpty();
      String condition = String.valueOf(step.getOrDefault("if", ""));
      if (failed && !condition.equals("always()")) {
        outcomes.add(name + ": skipped");
        expressions.put("steps." + id + ".outcome", "skipped");
        continue;
      }
      Path output = Files.createFile(temp.resolve("output-" + outcomes.size()));
      Map<String, String> env = new LinkedHashMap<>();
      String path = System.getenv("PATH");
      for (String line : Files.readAllLines(githubPath)) {
        if (!line.isBlank()) {
          path = line.strip() + ":" + path;
        }
      }
      env.put("PATH", path);
      env.put("HOME", dir.resolve("runner-home").toString());
      env.put("CHANGETRAIL_HOME", dir.resolve("runner-home/.changetrail").toString());
      env.put("CI", "true");
      env.put("GITHUB_ACTIONS", "true");
      env.put("GITHUB_EVENT_NAME", "push");
      env.put("GITHUB_REF", "refs/heads/main");
      env.put("GITHUB_SHA", team.after);
      env.put("GITHUB_WORKSPACE", workspace.toString());
      env.put("GITHUB_STEP_SUMMARY", summary.toString());
      env.put("GITHUB_PATH", githubPath.toString());
      env.put("GITHUB_OUTPUT", output.toString());
      env.put("RUNNER_TEMP", temp.toString());
      env.put("DEPLOY_TARGET", team.target.toString());
      env.putAll(extraEnv);
      Map<String, Object> stepEnv = (Map<String, Object>) step.getOrDefault("env", Map.of());
      for (Map.Entry<String, Object> variable : stepEnv.entrySet()) {
        env.put(variable.getKey(), evaluate(String.valueOf(variable.getValue()), expressions));
      }
      String script = String.valueOf(step.get("run"));
      assertThat(EXPRESSION.matcher(script).find())
          .as("expressions belong in env:, not in run: (%s)", name)
          .isFalse();
      Run run = bash(workspace, script, env);
      logs.append("## ").append(name).append('\n').append(run.log());
      String outcome = run.exitCode() == 0 ? "success" : "failure";
      outcomes.add(
          name + ": " + outcome + (run.exitCode() > 1 ? " (exit " + run.exitCode() + ")" : ""));
      expressions.put("steps." + id + ".outcome", outcome);
      for (String line : Files.readAllLines(output)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          expressions.put(
              "steps." + id + ".outputs." + line.substring(0, eq), line.substring(eq + 1));
        }
      }
      failed |= run.exitCode() != 0;
    }
    for (String step : List.of("gate", "start", "deploy")) {
      expressions.putIfAbsent("steps." + step + ".outcome", "skipped");
    }
    return new Job(outcomes, Files.readString(summary, StandardCharsets.UTF_8), logs.toString());
  }

  /** actions/checkout of a push: the pushed commit at {@code depth} (0: everything). */
  private void pushCheckout(Team team, Path workspace, int depth) throws Exception {
    git(workspace, "init", "-q");
    git(workspace, "remote", "add", "origin", team.upstream.toUri().toString());
    List<String> fetch =
        new ArrayList<>(
            List.of(
                "fetch",
                "-q",
                "--no-tags",
                "origin",
                "+" + team.after + ":refs/remotes/origin/main"));
    if (depth > 0) {
      fetch.add(2, "--depth=" + depth);
    }
    git(workspace, fetch.toArray(String[]::new));
    git(workspace, "checkout", "-q", "--detach", team.after);
  }

  @Test
  void githubPushRegistersThenDeploysBehindTheGateAndRecordsTheDeployment() throws Exception {
    try (Team team = new Team()) {
      Job register = githubPushJob(team, "register", null, Map.of());
      assertThat(register.failed()).as(register.logs()).isFalse();
      String change = team.onlyChange();
      assertThat(team.change(change).get("tip").asText()).isEqualTo(team.after);
      assertThat(register.summary()).contains("registered " + change);

      // Not approved yet: GitHub's protection rule is answered "rejected", and a deploy job run
      // anyway (no App installed) stops at the gate with exit 14 and the reason.
      assertThat(team.protectionRule("production")).isEqualTo("rejected");
      Job refused = githubPushJob(team, "deploy", null, Map.of());
      assertThat(refused.outcomes())
          .contains(
              "Ask the deployment gate: failure (exit 14)",
              "Build: skipped",
              "Deploy: skipped",
              "Record the end of the deployment: success");
      assertThat(refused.logs())
          .contains("not approved for production")
          .doesNotContain("Exception");
      assertThat(refused.summary()).contains("ChangeTrail recorded no deployment");
      assertThat(team.change(change).get("deployments")).isEmpty();

      assertThat(team.approve(change).status()).isEqualTo(200);
      assertThat(team.protectionRule("production")).isEqualTo("approved");
      // A re-run of the register job registers nothing new.
      assertThat(githubPushJob(team, "register", null, Map.of()).failed()).isFalse();
      Job deployed = githubPushJob(team, "deploy", null, Map.of());
      assertThat(deployed.failed()).as(deployed.logs()).isFalse();
      assertThat(team.target.resolve("production.jar")).hasContent(team.after);

      com.fasterxml.jackson.databind.JsonNode record = team.change(change);
      com.fasterxml.jackson.databind.JsonNode deployment = record.get("deployments").get(0);
      assertThat(deployment.get("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(deployment.get("commit").asText()).isEqualTo(team.after);
      String digest =
          "sha256:"
              + java.util.HexFormat.of()
                  .formatHex(
                      java.security.MessageDigest.getInstance("SHA-256")
                          .digest((team.after + "\n").getBytes(StandardCharsets.UTF_8)));
      assertThat(deployed.summary())
          .contains("# Deployment " + deployment.get("id").asText())
          .contains("app.jar " + digest)
          .contains("SUCCEEDED");
      com.fasterxml.jackson.databind.JsonNode answers = record.get("gateDecisions");
      assertThat(answers)
          .extracting(a -> a.get("forge").asText() + " " + a.get("decision").asText())
          .containsExactly("github rejected", "api rejected", "github approved", "api approved");
      assertThat(answers.get(3).get("run").asText())
          .isEqualTo("https://github.com/acme/trading/actions/runs/4242");
      assertThat(team.server.internalErrors()).isEmpty();
    }
  }

  @Test
  void githubDeployJobThatFailsIsRecordedAsFailed() throws Exception {
    try (Team team = new Team()) {
      assertThat(githubPushJob(team, "register", 0, Map.of()).failed()).isFalse();
      String change = team.onlyChange();
      assertThat(team.approve(change).status()).isEqualTo(200);
      Job job = githubPushJob(team, "deploy", 0, Map.of("DEPLOY_FAILS", "1"));
      assertThat(job.outcomes())
          .contains("Deploy: failure (exit 3)", "Record the end of the deployment: success");
      assertThat(team.change(change).get("deployments").get(0).get("status").asText())
          .isEqualTo("FAILED");
      assertThat(job.summary()).contains("FAILED");
    }
  }

  /** A GitLab push job's script and after_script, and the runner's clone it ran in. */
  private record GitlabJob(Run script, Run after, Path workspace) {}

  /** One GitLab CI job of a push to main, in the runner's clone at the job's GIT_DEPTH. */
  @SuppressWarnings("unchecked")
  private GitlabJob gitlabPushJob(
      Team team, String jobName, Integer depthOverride, Map<String, String> extraEnv)
      throws Exception {
    Map<String, Object> job = (Map<String, Object>) yaml("docs/ci/gitlab-ci.yml").get(jobName);
    assertThat(job).as("job " + jobName).isNotNull();
    assertThat(String.valueOf(job.get("rules")))
        .contains("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
    Map<String, Object> variables = (Map<String, Object>) job.getOrDefault("variables", Map.of());
    int depth =
        depthOverride != null
            ? depthOverride
            : Integer.parseInt(String.valueOf(variables.getOrDefault("GIT_DEPTH", "20")));
    Path workspace =
        Files.createDirectories(dir.resolve("gl-" + jobName + "-" + System.nanoTime()));
    git(workspace, "init", "-q");
    git(workspace, "remote", "add", "origin", team.upstream.toUri().toString());
    List<String> fetch =
        new ArrayList<>(
            List.of("fetch", "-q", "--prune", "origin", "+refs/heads/*:refs/remotes/origin/*"));
    if (depth > 0) {
      fetch.add(2, "--depth=" + depth);
    }
    git(workspace, fetch.toArray(String[]::new));
    git(workspace, "checkout", "-q", "--detach", team.after);

    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", dir.resolve("runner-home").toString());
    env.put("CHANGETRAIL_HOME", dir.resolve("runner-home/.changetrail").toString());
    env.put("CI", "true");
    env.put("GITLAB_CI", "true");
    env.put("CI_PIPELINE_SOURCE", "push");
    env.put("CI_DEFAULT_BRANCH", "main");
    env.put("CI_COMMIT_BRANCH", "main");
    env.put("CI_PROJECT_DIR", workspace.toString());
    env.put("CI_COMMIT_SHA", team.after);
    env.put("CI_COMMIT_BEFORE_SHA", team.before);
    env.put("CI_JOB_URL", "https://gitlab.example.com/acme/trading/-/jobs/77");
    env.put("CHANGETRAIL_JAR_URL", jar().toUri().toString());
    env.put("CHANGETRAIL_SERVER", team.server.url);
    env.put("CHANGETRAIL_TOKEN", team.tokens.get("ci"));
    env.put("DEPLOY_TARGET", team.target.toString());
    Object environment = job.get("environment");
    if (environment != null) {
      env.put("CI_ENVIRONMENT_NAME", String.valueOf(environment));
    }
    for (Map.Entry<String, Object> variable : variables.entrySet()) {
      env.putIfAbsent(variable.getKey(), String.valueOf(variable.getValue()));
    }
    env.putAll(extraEnv);
    List<String> lines = new ArrayList<>((List<String>) job.get("before_script"));
    lines.addAll((List<String>) job.get("script"));
    Run run = bash(workspace, String.join("\n", lines), env);
    Run after = null;
    if (job.containsKey("after_script")) {
      env.put("CI_JOB_STATUS", run.exitCode() == 0 ? "success" : "failed");
      after = bash(workspace, String.join("\n", (List<String>) job.get("after_script")), env);
      assertThat(after.exitCode()).as(after.log()).isZero();
    }
    return new GitlabJob(run, after, workspace);
  }

  @Test
  void gitlabPushRegistersThenDeploysBehindTheGateAtTheRunnersDepths() throws Exception {
    try (Team team = new Team()) {
      GitlabJob register = gitlabPushJob(team, "changetrail-register", null, Map.of());
      assertThat(register.script().exitCode()).as(register.script().log()).isZero();
      assertThat(register.workspace().resolve(".git/shallow")).exists();
      String change = team.onlyChange();
      assertThat(register.script().log()).contains("registered " + change);

      GitlabJob refused = gitlabPushJob(team, "changetrail-deploy", null, Map.of());
      assertThat(refused.script().exitCode()).as(refused.script().log()).isEqualTo(14);
      assertThat(refused.script().log()).contains("not approved for production");
      assertThat(refused.after().log()).contains("ChangeTrail recorded no deployment");
      assertThat(team.change(change).get("deployments")).isEmpty();

      assertThat(team.approve(change).status()).isEqualTo(200);
      // GitLab's default depth (20) for a retried register job: nothing new to register
      GitlabJob again = gitlabPushJob(team, "changetrail-register", 20, Map.of());
      assertThat(again.script().exitCode()).as(again.script().log()).isZero();
      assertThat(again.script().log()).contains("already covers exactly this content");

      GitlabJob deployed = gitlabPushJob(team, "changetrail-deploy", 20, Map.of());
      assertThat(deployed.script().exitCode()).as(deployed.script().log()).isZero();
      assertThat(deployed.after().log()).as(deployed.after().log()).doesNotContain("Exception");
      assertThat(team.target.resolve("production.jar")).hasContent(team.after);
      com.fasterxml.jackson.databind.JsonNode deployment =
          team.change(change).get("deployments").get(0);
      assertThat(deployment.get("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(Files.readString(deployed.workspace().resolve("deployment.md")))
          .contains("# Deployment " + deployment.get("id").asText())
          .contains("app.jar sha256:")
          .contains("SUCCEEDED");
      com.fasterxml.jackson.databind.JsonNode answers = team.change(change).get("gateDecisions");
      assertThat(answers.get(answers.size() - 1).get("run").asText())
          .isEqualTo("https://gitlab.example.com/acme/trading/-/jobs/77");
    }
  }
}
