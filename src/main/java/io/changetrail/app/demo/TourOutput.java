package io.changetrail.app.demo;

import io.changetrail.app.deploy.DeploymentListener;
import io.changetrail.domain.deploy.Runbook;

/** Where the demo's tours write: a banner per step, the text it shows, live runbook progress. */
public interface TourOutput {
  void banner(String title, String command);

  void text(String text);

  DeploymentListener progress(Runbook runbook);
}
