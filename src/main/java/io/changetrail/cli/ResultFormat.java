package io.changetrail.cli;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --format text|json} of a command that changes something: text for people, or the record it
 * changed as JSON (each command's help names the schema in docs/).
 */
final class ResultFormat {
  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text (default) or json: the record as it is after the command.")
  String format = "text";

  boolean json() {
    String value = format.toLowerCase(Locale.ROOT);
    if (!value.equals("text") && !value.equals("json")) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "unknown format '" + format + "'", "use --format text or json");
    }
    return value.equals("json");
  }

  /** Prints {@code text} or, for json, the tree {@code json} gives. */
  void print(PrintWriter out, String text, Supplier<Object> json) {
    if (json()) {
      out.println(LifecycleSupport.json(json.get()));
    } else {
      out.println(text);
    }
  }
}
