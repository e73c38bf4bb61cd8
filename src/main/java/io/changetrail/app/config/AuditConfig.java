package io.changetrail.app.config;

import io.changetrail.domain.lifecycle.MethodologyAuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code audit:} section of changetrail.yml: the compliance framework audit records name. */
public final class AuditConfig {
  private AuditConfig() {}

  /** {@code audit: compliance_framework}, or the methodology's default. */
  public static String complianceFramework(Path repositoryRoot) {
    Path file = repositoryRoot.resolve(ConfigLoader.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return MethodologyAuditRecord.DEFAULT_FRAMEWORK;
    }
    return parse(ConfigLoader.read(file), ConfigLoader.FILE_NAME);
  }

  /** Reads the framework from configuration text; {@code label} names the file in messages. */
  public static String parse(String text, String label) {
    Optional<YamlValue> document = ConfigLoader.compose(text, label);
    if (document.isEmpty()) {
      return MethodologyAuditRecord.DEFAULT_FRAMEWORK;
    }
    Map<String, YamlValue> top = document.get().mapping(null);
    return YamlValue.get(top, "audit")
        .map(v -> v.mapping(Set.of("compliance_framework")))
        .flatMap(audit -> YamlValue.get(audit, "compliance_framework"))
        .map(
            v -> {
              String name = v.string().strip();
              if (name.isEmpty()) {
                throw v.error(
                    "compliance_framework is empty; name the framework or remove the key");
              }
              return name;
            })
        .orElse(MethodologyAuditRecord.DEFAULT_FRAMEWORK);
  }
}
