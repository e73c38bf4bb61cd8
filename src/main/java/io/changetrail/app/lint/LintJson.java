package io.changetrail.app.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.changetrail.domain.lint.Finding;
import io.changetrail.domain.lint.LintReport;
import io.changetrail.json.Json;
import java.util.Locale;

/** Lint reports as JSON, for CI and editors. */
public final class LintJson {
  private static final ObjectMapper MAPPER = Json.MAPPER;

  private LintJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode toJson(LintReport report) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("subject", report.subject());
    node.put("kind", report.kind().name().toLowerCase(Locale.ROOT));
    node.put("passed", report.passed());
    node.put("plan", report.planSource());
    ArrayNode findings = node.putArray("findings");
    for (Finding finding : report.findings()) {
      ObjectNode f = findings.addObject();
      f.put("rule", finding.rule());
      f.put("severity", finding.severity().label());
      if (finding.line() > 0) {
        f.put("line", finding.line());
      } else {
        f.putNull("line");
      }
      f.put("message", finding.message());
      f.put("fix", finding.fix());
    }
    return node;
  }
}
