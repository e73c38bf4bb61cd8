package io.changetrail.testing;

/**
 * The documented change to the order router and the production runbook that many lifecycle tests
 * share (on {@link TestRepo#tradingSystem}): one text, so a test that needs another says so.
 */
public final class RouterChange {
  private RouterChange() {}

  /** A MEDIUM-risk ENHANCEMENT's change document with every section approval needs. */
  public static final String DOCUMENTED =
      "ENHANCEMENT: cache venue status in the router\n\n"
          + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
          + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
          + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
          + "## Testing and Verification\n- ✅ RouterTest passes\n\n"
          + "## Rollback Procedure\n1. Redeploy the previous release.\n2. Check fills.\n";

  /** deploy/prod.yml: one step and one rollback step, both {@code true}. */
  public static final String RUNBOOK =
      "name: router release\nenvironment: prod\nsteps:\n  - {name: deploy router, run: 'true'}\n"
          + "rollback:\n  - {name: previous release, run: 'true'}\n";
}
