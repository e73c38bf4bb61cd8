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
}
