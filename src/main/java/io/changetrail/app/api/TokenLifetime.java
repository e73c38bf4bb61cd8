package io.changetrail.app.api;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a new API token lives, the same on both faces: {@value #DEFAULT} unless the admin says
 * otherwise ({@code users token --expires}, the API's {@code expires} or {@code expiresInDays});
 * {@code never} for a token that lives until revoked.
 */
public final class TokenLifetime {
  public static final String DEFAULT = "90d";
  private static final Pattern LIFETIME = Pattern.compile("([0-9]{1,6})([dhm])");

  private TokenLifetime() {}

  /** "30d", "12h", "45m" or "never" (empty: until revoked). */
  public static Optional<Duration> parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("never") || value.equals("none")) {
      return Optional.empty();
    }
    Matcher matcher = LIFETIME.matcher(value);
    if (matcher.matches() && Long.parseLong(matcher.group(1)) > 0) {
      long amount = Long.parseLong(matcher.group(1));
      return Optional.of(
          switch (matcher.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
          });
    }
    throw new ChangeTrailException(
        Problem.INVALID_INPUT,
        "'" + text + "' is not a token lifetime",
        "write a number of days, hours or minutes (30d, 12h, 45m), or never");
  }

  /** The default lifetime. */
  public static Optional<Duration> standard() {
    return parse(DEFAULT);
  }
}
