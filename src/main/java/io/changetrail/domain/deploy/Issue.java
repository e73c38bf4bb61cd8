package io.changetrail.domain.deploy;

import java.time.Instant;
import java.util.Objects;

/** Something that went wrong during a deployment, and what was done about it. */
public record Issue(Instant time, String description, String resolution) {
  public Issue {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(description, "description");
    resolution = resolution == null ? "" : resolution;
  }
}
