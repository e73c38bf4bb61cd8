package io.changetrail.server;

import io.changetrail.domain.html.HtmlText;

/**
 * Server-rendered HTML built by appending: every piece of text goes through {@link #text} (or an
 * attribute value) is escaped by {@link HtmlText}, the one escaper; only {@link #raw} takes markup,
 * and it is used for our own literals and for Markdown the sanitising renderer produced.
 */
final class Html {
  private final StringBuilder out = new StringBuilder(4096);

  /**
   * Opens an element: {@code open("td", "class", "risk-HIGH")} with attributes as name/value pairs.
   */
  Html open(String tag, String... attributes) {
    out.append('<').append(tag);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      out.append(' ')
          .append(attributes[i])
          .append("=\"")
          .append(escape(attributes[i + 1]))
          .append('"');
    }
    out.append('>');
    return this;
  }

  Html close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  /** An element holding only text. */
  Html el(String tag, Object text, String... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  Html text(Object text) {
    out.append(escape(text == null ? "" : text.toString()));
    return this;
  }

  /** Markup we trust: our own literals and the output of the sanitising Markdown renderer. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  Html link(String href, Object text, String... attributes) {
    String[] all = new String[attributes.length + 2];
    all[0] = "href";
    all[1] = href;
    System.arraycopy(attributes, 0, all, 2, attributes.length);
    return el("a", text, all);
  }

  /** A form that posts to {@code action} with the session's CSRF token. */
  Html form(String action, String csrf, String... attributes) {
    String[] all = new String[attributes.length + 4];
    all[0] = "method";
    all[1] = "post";
    all[2] = "action";
    all[3] = action;
    System.arraycopy(attributes, 0, all, 4, attributes.length);
    open("form", all);
    return hidden("_csrf", csrf);
  }

  Html hidden(String name, String value) {
    return open("input", "type", "hidden", "name", name, "value", value);
  }

  /** A labelled select with "any" first and {@code chosen} selected. */
  Html select(String name, String label, String chosen, java.util.List<String> options) {
    el("label", label, "for", name);
    open("select", "id", name, "name", name);
    el("option", "any", "value", "");
    for (String option : options) {
      if (option.equals(chosen)) {
        el("option", option, "value", option, "selected", "selected");
      } else {
        el("option", option, "value", option);
      }
    }
    return close("select");
  }

  /** One term and its description in a {@code dl}. */
  Html fact(String name, Object value) {
    return el("dt", name).el("dd", value);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  static String escape(String text) {
    return HtmlText.escape(text);
  }
}
