package io.changetrail.domain.lifecycle;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * A recurring period in which deployments are refused (market open, month-end close...).
 *
 * @param name what it is, shown when a deployment is refused
 * @param days the days it applies (all days when empty)
 * @param from start time of day (inclusive)
 * @param to end time of day (exclusive); before {@code from} means it runs past midnight
 * @param zone the time zone of {@code from} and {@code to}
 * @param environments the environments it applies to (all when empty)
 */
public record BlackoutWindow(
    String name,
    Set<DayOfWeek> days,
    LocalTime from,
    LocalTime to,
    ZoneId zone,
    List<String> environments) {

  public BlackoutWindow {
    days = Set.copyOf(days);
    environments = List.copyOf(environments);
  }

  public boolean blocks(Instant when, String environment) {
    if (!environments.isEmpty() && !environments.contains(environment)) {
      return false;
    }
    ZonedDateTime local = when.atZone(zone);
    LocalTime time = local.toLocalTime();
    boolean overnight = to.isBefore(from);
    if (!overnight) {
      return dayMatches(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
    }
    if (!time.isBefore(from)) {
      return dayMatches(local.getDayOfWeek());
    }
    return time.isBefore(to) && dayMatches(local.getDayOfWeek().minus(1));
  }

  private boolean dayMatches(DayOfWeek day) {
    return days.isEmpty() || days.contains(day);
  }

  public String describe() {
    return name
        + " ("
        + (days.isEmpty()
            ? "every day"
            : days.stream().sorted().map(d -> d.name().substring(0, 3)).toList())
        + " "
        + from
        + "-"
        + to
        + " "
        + zone
        + (environments.isEmpty() ? "" : ", " + String.join(", ", environments))
        + ")";
  }
}
