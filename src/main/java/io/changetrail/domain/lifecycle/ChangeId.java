package io.changetrail.domain.lifecycle;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The identity of a change: {@code CHG-20261124-7K3Q}, the day it was registered and four Crockford
 * base-32 characters. Unique without a central counter (the registering use case re-draws on the
 * rare collision) and readable by people.
 */
public record ChangeId(String value) {
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final Pattern FORMAT = Pattern.compile("CHG-\\d{8}-[0-9A-HJKMNP-TV-Z]{4}");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  public ChangeId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' is not a change id (expected CHG-YYYYMMDD-XXXX, e.g. CHG-20261124-7K3Q)");
    }
  }

  public static boolean isValid(String text) {
    return text != null && FORMAT.matcher(text.strip().toUpperCase()).matches();
  }

  /** Parses an id as a user typed it (case does not matter). */
  public static ChangeId parse(String text) {
    return new ChangeId(text == null ? null : text.strip().toUpperCase());
  }

  public static ChangeId generate(LocalDate day, RandomGenerator random) {
    StringBuilder suffix = new StringBuilder(4);
    for (int i = 0; i < 4; i++) {
      suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return new ChangeId("CHG-" + DAY.format(day) + "-" + suffix);
  }

  @Override
  public String toString() {
    return value;
  }
}
