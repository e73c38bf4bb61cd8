package io.changetrail.app.lifecycle;

import io.changetrail.domain.lifecycle.BlackoutWindow;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The use case "when may we deploy, and what went out": one month of days (UTC), each with the
 * blackout windows of changetrail.yml that apply that day and the deployments started that day; and
 * the approved changes not deployed yet, which are what is coming.
 */
public final class DeploymentCalendar {
  private final Lifecycle lifecycle;

  public DeploymentCalendar(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** One day of the month. */
  public record Day(
      LocalDate date, List<BlackoutWindow> blackouts, List<DeploymentLog.Entry> deployments) {
    public Day {
      blackouts = List.copyOf(blackouts);
      deployments = List.copyOf(deployments);
    }
  }

  /**
   * A month: its days, today (to mark it), the windows in force, and the changes approved and
   * waiting for a deployment.
   */
  public record Month(
      YearMonth month,
      LocalDate today,
      List<Day> days,
      List<BlackoutWindow> windows,
      List<ChangeRecord> upcoming) {
    public Month {
      days = List.copyOf(days);
      windows = List.copyOf(windows);
      upcoming = List.copyOf(upcoming);
    }
  }

  /** The month asked for, or this month (UTC) when empty. */
  public Month month(Optional<YearMonth> asked) {
    LocalDate today = LocalDate.ofInstant(lifecycle.ledger().now(), ZoneOffset.UTC);
    YearMonth month = asked.orElse(YearMonth.from(today));
    List<BlackoutWindow> windows = lifecycle.config().blackouts();
    List<DeploymentLog.Entry> deployments =
        new DeploymentLog(lifecycle).deployments(Optional.empty());
    List<Day> days = new ArrayList<>();
    for (int d = 1; d <= month.lengthOfMonth(); d++) {
      LocalDate date = month.atDay(d);
      DayOfWeek dow = date.getDayOfWeek();
      List<BlackoutWindow> applying =
          windows.stream().filter(w -> w.days().isEmpty() || w.days().contains(dow)).toList();
      List<DeploymentLog.Entry> started =
          deployments.stream()
              .filter(e -> LocalDate.ofInstant(e.run().started(), ZoneOffset.UTC).equals(date))
              .sorted(Comparator.comparing(e -> e.run().started()))
              .toList();
      days.add(new Day(date, applying, started));
    }
    List<ChangeRecord> upcoming =
        lifecycle.ledger().changes().stream()
            .filter(c -> c.status() == ChangeStatus.APPROVED)
            .sorted(Comparator.comparing(ChangeRecord::registered))
            .toList();
    return new Month(month, today, days, windows, upcoming);
  }
}
