package io.changetrail.cli;

/** How a command prints its result. */
enum OutputFormat {
  TEXT,
  JSON,
  MARKDOWN
}
