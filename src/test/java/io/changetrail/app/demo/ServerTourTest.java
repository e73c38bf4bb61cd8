package io.changetrail.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Role;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.changetrail.ledger.LedgerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTourTest {
  @TempDir Path dir;

  @Test
  void preparesOneWorkingLoginPerRoleAndAChangeToApprove() {
    new ExampleRepository(dir).create();
    ServerTour.Prepared prepared = new ServerTour(dir).prepare();

    Workspace workspace = Workspace.open(dir);
    try (LedgerStore store =
        LedgerStore.open(LedgerLocation.resolve(Optional.empty(), workspace.git()))) {
      AccessControl access = new AccessControl(store, Clock.systemUTC());
      assertThat(prepared.logins()).hasSize(4);
      for (ServerTour.Login login : prepared.logins()) {
        assertThat(access.authenticate(login.token()))
            .hasValueSatisfying(p -> assertThat(p.roles()).isEqualTo(login.roles()));
      }
      assertThat(prepared.logins()).anySatisfy(l -> assertThat(l.roles()).contains(Role.APPROVER));
      Lifecycle lifecycle = new Lifecycle(workspace, store, () -> null, Clock.systemUTC());
      assertThat(lifecycle.ledger().change(prepared.pendingChange()).status())
          .isEqualTo(ChangeStatus.ASSESSED);
    }
  }

  /** The quarter the server shows: what each page needs, the same on every run. */
  @Test
  void recordsARealisticQuarterTheSameOnEveryRun() {
    java.util.List<String> first = quarter(dir.resolve("one"));
    java.util.List<String> second = quarter(dir.resolve("two"));
    assertThat(second).isEqualTo(first);
    assertThat(first.size()).isGreaterThanOrEqualTo(30);
    assertThat(first)
        .anyMatch(line -> line.contains("EMERGENCY") && line.contains("prod:SUCCEEDED"));
    assertThat(first.stream().filter(line -> line.contains("prod:ROLLED_BACK")).count())
        .isGreaterThanOrEqualTo(3);
    assertThat(first).anyMatch(line -> line.contains(" REJECTED "));
    assertThat(first).anyMatch(line -> line.contains(" ASSESSED "));
    assertThat(first).anyMatch(line -> line.contains(" APPROVED "));
    assertThat(first).anyMatch(line -> line.contains("uat:SUCCEEDED"));
    for (String system :
        java.util.List.of("order-router", "risk-engine", "market-data", "common")) {
      assertThat(first).as(system).anyMatch(line -> line.contains("[" + system));
    }
  }

  private static java.util.List<String> quarter(Path dir) {
    new ExampleRepository(dir).create();
    new ServerTour(dir).prepare();
    Workspace workspace = Workspace.open(dir);
    try (LedgerStore store =
        LedgerStore.open(LedgerLocation.resolve(Optional.empty(), workspace.git()))) {
      Lifecycle lifecycle = new Lifecycle(workspace, store, () -> null, Clock.systemUTC());
      return lifecycle.ledger().changes().stream()
          .filter(c -> c.title().contains(": ") && !c.title().contains("1.5 s of silence"))
          .map(
              c ->
                  c.title()
                      + " "
                      + c.status()
                      + " "
                      + c.changeClass()
                      + " "
                      + c.systems().stream().filter(x -> x.direct()).map(x -> x.name()).toList()
                      + " "
                      + c.deployments().stream()
                          .map(d -> d.environment() + ":" + d.status())
                          .toList())
          .sorted()
          .toList();
    }
  }
}
