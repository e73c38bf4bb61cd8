package io.changetrail.app.api;

/** The period, system, environment and bucket of a delivery metrics report; "" for defaults. */
public record MetricsQuery(
    String since, String until, String system, String environment, String bucket) {
  public MetricsQuery {
    since = Requests.text(since);
    until = Requests.text(until);
    system = Requests.text(system);
    environment = Requests.text(environment);
    bucket = Requests.text(bucket);
  }
}
