package io.changetrail.app.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of changes (schema changetrail.changes/v1, docs/changes.schema.json): {@code count} on
 * this page, and {@code next}, the change to page on after (null on the last page).
 */
public record ChangePage(String schema, int count, List<ChangeView> changes, String next) {
  public static final String SCHEMA = "changetrail.changes/v1";

  @JsonCreator
  public ChangePage(
      @JsonProperty("schema") String schema,
      @JsonProperty("count") int count,
      @JsonProperty("changes") List<ChangeView> changes,
      @JsonProperty("next") String next) {
    this.schema = schema;
    this.count = count;
    this.changes = List.copyOf(changes);
    this.next = next;
  }

  public static ChangePage of(List<ChangeView> changes, String next) {
    return new ChangePage(SCHEMA, changes.size(), changes, next);
  }

  /** The table {@code change list} prints, with a last line naming the next page if any. */
  public String table() {
    StringBuilder out = new StringBuilder();
    String row = "%-18s %-11s %-9s %-6s %-9s %-28s %s%n";
    out.append(String.format(row, "ID", "STATUS", "CLASS", "RISK", "APPROVED", "SYSTEMS", "TITLE"));
    for (ChangeView c : changes) {
      String systems = String.join(",", new ArrayList<>(c.directSystems()));
      if (systems.length() > 28) {
        systems = systems.substring(0, 25) + "...";
      }
      out.append(
          String.format(
              row,
              c.id(),
              c.status(),
              c.json().path("class").asText(),
              c.json().path("risk").asText(),
              c.currentApprovals() + "/" + c.requiredApprovals(),
              systems,
              c.title()));
    }
    if (changes.isEmpty()) {
      out.append("(no changes)\n");
    }
    if (next != null) {
      out.append("(more: --after ").append(next).append(")\n");
    }
    return out.toString();
  }
}
