package io.changetrail.testing;

import io.changetrail.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process, as a user would, and captures what it prints. */
public final class Cli {
  private Cli() {}

  /** What one run printed and how it ended. */
  public record Result(int exitCode, String out, String err) {}

  /** Runs {@code changetrail -C dir args...}. */
  public static Result run(Path dir, String... args) {
    List<String> all = new ArrayList<>();
    all.add("-C");
    all.add(dir.toString());
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }
}
