package io.changetrail.server;

import io.changetrail.domain.Problem;

/** The HTTP status that answers each kind of failure, next to the CLI's exit codes. */
final class HttpProblem {
  private HttpProblem() {}

  static int status(Problem problem) {
    return switch (problem) {
      case INVALID_INPUT -> 400;
      case UNKNOWN_CHANGE, UNKNOWN_USER -> 404;
      case UNKNOWN_REVISION, NO_COMMITS -> 422;
      case NOTHING_TO_DO, REFUSED, CONFLICT, TAMPERED, UNSIGNED -> 409;
      case NOT_PERMITTED -> 403;
      case LEDGER_UNAVAILABLE -> 503;
      case NOT_A_REPOSITORY, INVALID_CONFIG, GIT_FAILED, IO, KEY_PROBLEM -> 500;
    };
  }
}
