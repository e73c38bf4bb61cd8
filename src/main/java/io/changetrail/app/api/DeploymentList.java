package io.changetrail.app.api;

import java.util.List;

/** Deployments across changes, newest first (schema changetrail.deployments/v1). */
public record DeploymentList(String schema, List<Row> deployments) {
  public static final String SCHEMA = "changetrail.deployments/v1";

  /** One deployment with its change. */
  public record Row(
      String change,
      String title,
      String id,
      String environment,
      String status,
      String started,
      String finished,
      String deployer,
      boolean emergency,
      String commit) {}

  public DeploymentList {
    deployments = List.copyOf(deployments);
  }
}
