package io.changetrail.app.changelog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.changetrail.app.document.SafeMarkdown;
import io.changetrail.domain.changelog.Release;
import io.changetrail.domain.changelog.ReleaseEntry;
import io.changetrail.domain.html.HtmlPage;

/** A changelog as JSON, or its Markdown as a standalone HTML page (raw HTML escaped). */
public final class ChangelogFormats {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ChangelogFormats() {}

  public static String json(Release release) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("release", release.title());
    root.put("range", release.range());
    root.put("date", release.date() == null ? null : release.date().toString());
    root.put("commits", release.commits());
    ArrayNode entries = root.putArray("entries");
    for (ReleaseEntry entry : release.entries()) {
      ObjectNode e = entries.addObject();
      e.put("sha", entry.sha());
      e.put("type", entry.type().name());
      e.put("category", entry.category().title());
      e.put("scope", entry.scope());
      e.put("summary", entry.summary());
      e.put("breaking", entry.breaking());
      entry.systems().forEach(e.putArray("systems")::add);
      entry.tickets().forEach(e.putArray("tickets")::add);
      e.put("author", entry.author());
      e.put("date", entry.date().toString());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** Markdown to a complete HTML page; HTML in the Markdown is escaped, unsafe URLs dropped. */
  public static String html(String markdown, String title) {
    String body = SafeMarkdown.toHtml(markdown);
    return HtmlPage.document(
        title,
        HtmlPage.style(
            "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
                + "padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2em}\n"),
        body);
  }
}
