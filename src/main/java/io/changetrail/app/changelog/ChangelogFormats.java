package io.changetrail.app.changelog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.changetrail.app.document.SafeMarkdown;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.OrderedMap;
import io.changetrail.domain.Problem;
import io.changetrail.domain.changelog.ChangelogConfig;
import io.changetrail.domain.changelog.Release;
import io.changetrail.domain.changelog.ReleaseChangelog;
import io.changetrail.domain.changelog.ReleaseEntry;
import io.changetrail.domain.changelog.ReleaseEntry.Category;
import io.changetrail.domain.html.HtmlPage;
import io.changetrail.json.Json;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A changelog as JSON, through a team's Mustache template, or its Markdown as a standalone HTML
 * page (raw HTML escaped).
 */
public final class ChangelogFormats {
  private static final ObjectMapper MAPPER = Json.MAPPER;

  private ChangelogFormats() {}

  /** One release as JSON, schema changetrail.changelog/v1. */
  public static String json(Release release) {
    return json(List.of(release));
  }

  /** Releases as JSON, schema changetrail.changelog/v1 (docs/changelog.schema.json). */
  public static String json(List<Release> releases) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", "changetrail.changelog/v1");
    int commits = 0;
    for (Release release : releases) {
      commits += release.commits();
    }
    root.put("commits", commits);
    ArrayNode array = root.putArray("releases");
    for (Release release : releases) {
      ObjectNode r = array.addObject();
      r.put("release", release.title());
      if (release.tagged()) {
        r.put("tag", release.tag());
      } else {
        r.putNull("tag");
      }
      r.put("range", release.range());
      r.put("date", release.date() == null ? null : release.date().toString());
      r.put("commits", release.commits());
      ArrayNode entries = r.putArray("entries");
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
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /**
   * Releases through a team's Mustache template (docs/changelog.md lists what it can use). Mustache
   * is logic-less: a template from a repository can lay out the data but run no code; partials
   * ({@code {{> file}}}) are refused, so it cannot read other files either.
   *
   * @param template the template's text
   * @param name where it was read from, for messages
   * @param escapeHtml whether values are HTML-escaped (for an HTML page); Markdown gets them as
   *     they are
   */
  public static String template(
      List<Release> releases,
      ChangelogConfig config,
      String template,
      String name,
      boolean escapeHtml) {
    DefaultMustacheFactory factory =
        new DefaultMustacheFactory() {
          @Override
          public Reader getReader(String resourceName) {
            throw new MustacheException(
                "partials are not supported ({{> " + resourceName + "}}): put it in the template");
          }

          @Override
          public void encode(String value, Writer writer) {
            if (escapeHtml) {
              super.encode(value, writer);
              return;
            }
            try {
              writer.write(value);
            } catch (IOException e) {
              throw new MustacheException("cannot write the changelog", e);
            }
          }
        };
    try {
      Mustache mustache = factory.compile(new StringReader(template), name);
      StringWriter out = new StringWriter();
      mustache.execute(out, context(releases, config));
      return out.toString();
    } catch (MustacheException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "the changelog template "
              + name
              + " is invalid: "
              + message.lines().findFirst().orElse(""),
          "fix the template (Mustache syntax: https://mustache.github.io/mustache.5.html)");
    }
  }

  /** What a template sees: plain maps and lists, the names docs/changelog.md lists. */
  static Map<String, Object> context(List<Release> releases, ChangelogConfig config) {
    Map<String, Object> root = new LinkedHashMap<>();
    int commits = 0;
    List<Object> list = new ArrayList<>();
    for (Release release : releases) {
      commits += release.commits();
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("title", release.title());
      r.put("tag", release.tag());
      r.put("tagged", release.tagged());
      r.put("unreleased", !release.tagged());
      r.put("date", release.date() == null ? "" : release.date().toString());
      r.put("range", release.range());
      r.put("commits", release.commits());
      r.put("changes", release.entries().size());
      r.put("empty", release.entries().isEmpty());
      List<ReleaseEntry> breaking = new ArrayList<>();
      Map<Category, List<ReleaseEntry>> byCategory =
          ReleaseChangelog.byCategory(release.entries(), breaking);
      r.put("breaking", entries(breaking, config));
      List<Object> categories = new ArrayList<>();
      for (Map.Entry<Category, List<ReleaseEntry>> category : byCategory.entrySet()) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("title", category.getKey().title());
        c.put("entries", entries(category.getValue(), config));
        List<Object> systems = new ArrayList<>();
        for (Map.Entry<String, List<ReleaseEntry>> system :
            ReleaseChangelog.bySystem(category.getValue()).entrySet()) {
          systems.add(
              OrderedMap.of(
                  "name", system.getKey(), "entries", entries(system.getValue(), config)));
        }
        c.put("systems", systems);
        categories.add(c);
      }
      r.put("categories", categories);
      r.put("entries", entries(release.entries(), config));
      list.add(r);
    }
    root.put("commits", commits);
    root.put("releases", list);
    return root;
  }

  private static List<Object> entries(List<ReleaseEntry> entries, ChangelogConfig config) {
    List<Object> list = new ArrayList<>(entries.size());
    for (ReleaseEntry entry : entries) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("sha", entry.sha());
      e.put("shortSha", entry.shortSha());
      e.put("commitUrl", config.commitUrl().replace("{sha}", entry.sha()));
      e.put("type", entry.type().name());
      e.put("category", entry.category().title());
      e.put("scope", entry.scope());
      e.put("summary", entry.summary());
      e.put("breaking", entry.breaking());
      e.put("systems", entry.systems());
      e.put("systemList", String.join(", ", entry.systems()));
      List<Object> tickets = new ArrayList<>();
      for (String ticket : entry.tickets()) {
        tickets.add(
            OrderedMap.of("id", ticket, "url", config.ticketUrl().replace("{ticket}", ticket)));
      }
      e.put("tickets", tickets);
      e.put("author", entry.author());
      e.put("date", entry.date().toString());
      list.add(e);
    }
    return list;
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
