package io.changetrail.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The JSON Schemas in docs/ describe what ChangeTrail really writes and reads. */
class SchemaTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  private static JsonSchema schema(String file) throws Exception {
    JsonNode node = MAPPER.readTree(Files.readString(Path.of("docs", file)));
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
  }

  private static JsonNode yaml(String text) {
    Object value = new Load(LoadSettings.builder().build()).loadFromString(text);
    return MAPPER.valueToTree(value);
  }

  @Test
  void assessmentJsonMatchesItsSchema() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("risk-engine/src/main/resources/db/migration/V2__x.sql", "ALTER TABLE t ADD y INT;\n")
        .file("common/src/main/java/acme/Money.java", "class Money { long c; }\n")
        .commit("feat(risk)!: y column");
    JsonSchema schema = schema("assessment.schema.json");
    for (String revision : new String[] {"HEAD", "HEAD~1"}) {
      Cli.Result result = Cli.run(dir, "assess", "--commit", revision, "--format", "json");
      assertThat(result.exitCode()).isZero();
      Set<ValidationMessage> errors = schema.validate(MAPPER.readTree(result.out()));
      assertThat(errors).isEmpty();
    }
    JsonNode broken =
        MAPPER.readTree(Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json").out());
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("risk")).put("level", "EXTREME");
    assertThat(schema.validate(broken)).isNotEmpty();
  }

  @Test
  void configWrittenByInitMatchesTheConfigSchema() throws Exception {
    TestRepo.tradingSystem(dir);
    Cli.Result init = Cli.run(dir, "init", "--stdout");
    assertThat(init.exitCode()).isZero();
    JsonSchema schema = schema("changetrail.schema.json");
    assertThat(schema.validate(yaml(init.out()))).isEmpty();
    assertThat(
            schema.validate(
                yaml("systems:\n  router:\n    paths: [a/]\n    tier: 1\n    teir: 2\n")))
        .isNotEmpty();
    assertThat(
            schema.validate(
                yaml(
                    "version: 1\nsystems:\n  router:\n    paths: a/\n    tier: 1\n"
                        + "sensitive_paths:\n  rules:\n    - {name: x, patterns: [x/], rollback: HIGH}\n"
                        + "risk:\n  thresholds: {medium: 10, high: 20}\n  weights: {tier: {1: 50}}\n")))
        .isEmpty();
  }
}
