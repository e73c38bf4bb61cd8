package io.changetrail.app.api;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which changes to list, and which page: the filters of {@code GET /api/v1/changes} and of {@code
 * change list}. {@code order} is newest or oldest; a page has at most {@code limit} changes (1 to
 * {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}) and starts after the change {@code after}
 * (the {@code next} of the page before; "" for the first page). Absent filters are "".
 */
public record ChangeQuery(
    String status,
    String risk,
    String system,
    String since,
    String until,
    String text,
    String order,
    int limit,
    String after) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public ChangeQuery {
    status = Requests.text(status);
    risk = Requests.text(risk);
    system = Requests.text(system);
    since = Requests.text(since);
    until = Requests.text(until);
    text = Requests.text(text);
    order = Requests.text(order).isBlank() ? "newest" : order.strip();
    after = Requests.text(after).strip();
    if (!order.equals("newest") && !order.equals("oldest")) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "unknown order '" + order + "'", "use newest or oldest");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "a page holds 1 to " + MAX_LIMIT + " changes, not " + limit,
          "ask for fewer, and page on with the answer's next");
    }
  }

  /** Whether it asks for every change (no filter): a page of all, in the order of registration. */
  public boolean unfiltered() {
    return status.isBlank()
        && risk.isBlank()
        && system.isBlank()
        && since.isBlank()
        && until.isBlank()
        && text.isBlank();
  }

  /** Every change (the first page), newest first. */
  public static ChangeQuery all() {
    return new ChangeQuery("", "", "", "", "", "", "newest", DEFAULT_LIMIT, "");
  }

  /** A whole-number limit from text; "" or null for the default. */
  public static int limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "limit '" + value + "' is not a whole number",
          "give 1 to " + MAX_LIMIT);
    }
  }

  /** The query as the API's query parameters (blank ones left out by the client). */
  public Map<String, String> parameters() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("status", status);
    query.put("risk", risk);
    query.put("system", system);
    query.put("since", since);
    query.put("until", until);
    query.put("q", text);
    query.put("order", order);
    query.put("limit", Integer.toString(limit));
    query.put("after", after);
    return query;
  }
}
