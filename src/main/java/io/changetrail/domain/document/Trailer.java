package io.changetrail.domain.document;

/**
 * A git trailer at the end of a change document ({@code Change-Id: CHG-...}, {@code Refs: RISK-42},
 * {@code Co-authored-by: ...}).
 *
 * @param key the token before the colon
 * @param value what follows {@code ": "}; continuation lines are kept after a newline
 */
public record Trailer(String key, String value) {
  public Trailer {
    key = key == null ? "" : key;
    value = value == null ? "" : value;
  }

  public String line() {
    return key + ": " + value;
  }
}
