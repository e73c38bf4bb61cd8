package io.changetrail.cli;

/** How a lifecycle document is printed. */
enum DocumentFormat {
  TEXT,
  MARKDOWN,
  HTML,
  JSON
}
