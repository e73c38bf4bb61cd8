package io.changetrail.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Help.Ansi.Style;

/**
 * Colour on a terminal: risk levels and verdicts (HIGH, MEDIUM, LOW; PASS, FAIL; ✔, ✘...) painted
 * in the text a command prints. None when standard output is not a terminal (piped, redirected,
 * captured), when {@code NO_COLOR} is set to anything but the empty string (https://no-color.org),
 * when {@code TERM=dumb}, with {@code --no-color} or {@code --color never}, and for machine formats
 * ({@code --format json}, markdown, html, csv, svg...). {@code --color always} paints text even
 * when piped (for {@code less -R}); a flag wins over NO_COLOR, as no-color.org asks.
 */
final class Colour {
  private static final String RESET = Style.reset.on();
  private static final String RED = Style.bold.on() + Style.fg_red.on();
  private static final String YELLOW = Style.fg_yellow.on();
  private static final String GREEN = Style.fg_green.on();

  private static final Pattern TOKEN =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}_-])(HIGH|MEDIUM|LOW|PASS|PASSED|OK|VERIFIED|APPROVED|SUCCEEDED|FAIL"
              + "|FAILED|FAILURE|REJECTED|INTERRUPTED|ERROR|ERRORS)(?![\\p{L}\\p{N}_-])"
              + "|[✔✅✘❌⚠]");

  private Colour() {}

  /** The choice a command line makes: {@code --color WHEN} or {@code --no-color}, else auto. */
  static String mode(String... args) {
    String mode = "auto";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        break;
      } else if (arg.equals("--no-color")) {
        mode = "never";
      } else if (arg.startsWith("--color=")) {
        mode = arg.substring("--color=".length());
      } else if (arg.equals("--color") && i + 1 < args.length) {
        mode = args[++i];
      }
    }
    return mode;
  }

  /**
   * Whether to paint: {@code always} and {@code never} decide; {@code auto} paints only on a
   * terminal, without NO_COLOR, TERM=dumb or a machine format.
   */
  static boolean enabled(String mode, Map<String, String> env, boolean terminal, String... args) {
    if (mode.equalsIgnoreCase("always")) {
      return textOutput(args); // never inside JSON, Markdown, HTML...
    }
    if (mode.equalsIgnoreCase("never")) {
      return false;
    }
    String noColor = env.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    if ("dumb".equals(env.get("TERM"))) {
      return false;
    }
    return terminal && textOutput(args);
  }

  /** Whether the command prints text (no --format, or --format text). */
  static boolean textOutput(String... args) {
    for (int i = 0; i < args.length; i++) {
      String format =
          args[i].startsWith("--format=")
              ? args[i].substring("--format=".length())
              : args[i].equals("--format") && i + 1 < args.length ? args[i + 1] : null;
      if (format != null && !format.equalsIgnoreCase("text")) {
        return false;
      }
      if (List.of("completion", "serve").contains(args[i])) {
        return false; // a script for the shell; a server's log
      }
    }
    return true;
  }

  /** The text with its risk levels and verdicts painted. */
  static String paint(String text) {
    Matcher m = TOKEN.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    int last = 0;
    do {
      out.append(text, last, m.start());
      String token = m.group();
      out.append(colourOf(token)).append(token).append(RESET);
      last = m.end();
    } while (m.find());
    return out.append(text, last, text.length()).toString();
  }

  private static String colourOf(String token) {
    return switch (token) {
      case "HIGH",
          "FAIL",
          "FAILED",
          "FAILURE",
          "REJECTED",
          "INTERRUPTED",
          "ERROR",
          "ERRORS",
          "✘",
          "❌" ->
          RED;
      case "MEDIUM", "⚠" -> YELLOW;
      default -> GREEN;
    };
  }

  /** A writer that paints each line as it is written out. */
  static PrintWriter painting(PrintWriter out) {
    return new PrintWriter(
        new Writer() {
          private final StringBuilder line = new StringBuilder();

          @Override
          public void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
              line.append(buffer[i]);
              if (buffer[i] == '\n') {
                emit();
              }
            }
          }

          private void emit() {
            out.write(paint(line.toString()));
            line.setLength(0);
          }

          @Override
          public void flush() {
            if (line.length() > 0) {
              emit();
            }
            out.flush();
          }

          @Override
          public void close() {
            flush();
          }
        },
        true);
  }
}
