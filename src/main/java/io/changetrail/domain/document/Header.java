package io.changetrail.domain.document;

/**
 * The first line of a change document: {@code TYPE: summary}, or a Conventional Commits header such
 * as {@code feat(router)!: summary}. A line that has no type is kept whole as the summary.
 *
 * @param type the type word as written ({@code FEATURE}, {@code feat}...), empty when there is none
 * @param scope the Conventional Commits scope, empty when there is none
 * @param breaking whether the header declares a breaking change with {@code !}
 * @param summary what the change does, in one line
 */
public record Header(String type, String scope, boolean breaking, String summary) {
  public Header {
    type = type == null ? "" : type;
    scope = scope == null ? "" : scope;
    summary = summary == null ? "" : summary;
    if (type.isEmpty() && (breaking || !scope.isEmpty())) {
      throw new IllegalArgumentException("a header without a type has no scope and no '!'");
    }
  }

  /** A header line that does not have the {@code TYPE: summary} form. */
  public static Header untyped(String line) {
    return new Header("", "", false, line);
  }

  public boolean typed() {
    return !type.isEmpty();
  }

  /** The header as written on the first line. */
  public String line() {
    if (!typed()) {
      return summary;
    }
    return type
        + (scope.isEmpty() ? "" : "(" + scope + ")")
        + (breaking ? "!" : "")
        + ": "
        + summary;
  }
}
