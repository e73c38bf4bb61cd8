package io.changetrail.domain.deploy;

/** The part of a runbook a step belongs to, in the order a deployment runs them. */
public enum Phase {
  PRE_CHECK("Pre-deployment verification", "pre-check"),
  STEP("Deployment steps", "step"),
  POST_CHECK("Post-deployment verification", "post-check"),
  ROLLBACK("Rollback", "rollback");

  private final String title;
  private final String label;

  Phase(String title, String label) {
    this.title = title;
    this.label = label;
  }

  /** The heading of this part in the deployment document, e.g. "Pre-deployment verification". */
  public String title() {
    return title;
  }

  /** The short name of one step of this part, e.g. "pre-check". */
  public String label() {
    return label;
  }
}
