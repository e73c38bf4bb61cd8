package io.changetrail.domain.lifecycle;

import io.changetrail.domain.lifecycle.ChangeRecord.DeploymentRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Outcome labels from ChangeTrail's own records: a change whose deployment to production was rolled
 * back (or failed), or whose successful deployment to production was followed by an emergency
 * deployment of another change on one of its systems in the same environment, failed; its commits
 * are labelled bug-inducing. Deployments to other environments (staging, UAT) label nothing: a
 * rollback there is the test environment doing its job.
 */
public final class FailedChanges {
  private FailedChanges() {}

  /**
   * The commits of the changes that failed in production.
   *
   * @param production the names of the production environments (exact names, as recorded)
   */
  public static Set<String> commits(List<ChangeRecord> changes, Set<String> production) {
    Set<String> failed = new TreeSet<>();
    record Run(ChangeRecord change, DeploymentRun run) {}
    List<Run> runs = new ArrayList<>();
    for (ChangeRecord change : changes) {
      for (DeploymentRun run : change.deployments()) {
        if (!production.contains(run.environment())) {
          continue;
        }
        runs.add(new Run(change, run));
        String status = run.status().name();
        if (status.equals("ROLLED_BACK")
            || status.equals("FAILED")
            || status.equals("ROLLBACK_FAILED")) {
          failed.addAll(change.commits());
        }
      }
    }
    runs.sort(Comparator.comparing(r -> r.run().started()));
    for (int i = 0; i < runs.size(); i++) {
      Run emergency = runs.get(i);
      if (!emergency.run().emergency()) {
        continue;
      }
      for (int j = i - 1; j >= 0; j--) {
        Run before = runs.get(j);
        if (before.change() != emergency.change()
            && before.run().environment().equals(emergency.run().environment())
            && before.run().status() == io.changetrail.domain.deploy.DeploymentStatus.SUCCEEDED
            && shareSystem(before.change(), emergency.change())) {
          failed.addAll(before.change().commits());
          break;
        }
      }
    }
    return failed;
  }

  private static boolean shareSystem(ChangeRecord a, ChangeRecord b) {
    for (ChangeRecord.SystemRef s : a.systems()) {
      for (ChangeRecord.SystemRef t : b.systems()) {
        if (s.direct() && t.direct() && s.name().equals(t.name())) {
          return true;
        }
      }
    }
    return false;
  }
}
