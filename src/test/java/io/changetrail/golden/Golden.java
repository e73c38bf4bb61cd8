package io.changetrail.golden;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Golden files: what a seeded ledger and the commands over it produce, normalised so that only what
 * differs from run to run is replaced, and compared with the files kept under {@code
 * src/test/resources/golden/}.
 *
 * <p>Regenerate them (after a change of output that is meant) with {@code ./mvnw -q test
 * -Dtest='Golden*' -Dchangetrail.golden.update=true}, then read the diff in git before committing.
 *
 * <p>What is normalised, and nothing else:
 *
 * <ul>
 *   <li>ids drawn at random: change ids {@code CHG-YYYYMMDD-XXXX}, deployment ids {@code
 *       DEP-YYYYMMDD-XXXX}, API token ids (16 hex digits after {@code "token":"} or {@code ct_}),
 *       token secrets and the audit record's id: each becomes {@code <CHG-1>}, {@code <DEP-1>},
 *       {@code <TOKEN-1>}... numbered by first appearance, so that which entry names which change
 *       stays pinned;
 *   <li>clock readings: every ISO-8601 instant ({@code 2026-12-01T15:04:05.123456Z}, any precision)
 *       becomes {@code <instant>}, every rendering of today's date (the run's UTC day, and the day
 *       before and after) {@code <today>}, every date with a time of day other than TestRepo's
 *       fixed commit day {@code <time>}, durations in milliseconds in text ({@code 12ms}, {@code 12
 *       ms}) {@code <n> ms}, and the values of {@code durationMs}, {@code resolutionTimeMs}, {@code
 *       pid} and {@code processStart}, and of the metrics' {@code median} and {@code p90} texts
 *       {@code <n>};
 *   <li>where it runs: the host name and the temporary folder become {@code <host>} and {@code
 *       <dir>};
 * </ul>
 *
 * Commit SHAs, content hashes and patch ids are kept: {@code TestRepo} makes commits with fixed
 * authors and dates, so they are the same on every run.
 */
final class Golden {
  /** The day of every commit TestRepo makes (its dates are fixed). */
  private static final class TestRepoDay {
    static final String DAY = "2026-01-01";
  }

  static final boolean UPDATE = Boolean.getBoolean("changetrail.golden.update");
  private static final Path ROOT = Path.of("src", "test", "resources", "golden");

  private static final Pattern INSTANT =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d{1,9})?)?Z");
  private static final Pattern RANDOM_ID =
      Pattern.compile("\\b(CHG|DEP)-\\d{8}-[0-9A-Z]{4}\\b|AUD-[A-Za-z0-9-]+-[0-9A-Za-z]+\\b");
  private static final Pattern TOKEN_ID =
      Pattern.compile("(?<=\"token\":\"|\"token\": \"|\"id\":\"|\"id\": \"|\\bct_)[0-9a-f]{16}");
  private static final Pattern SECRET = Pattern.compile("\\bct_([0-9a-f]{16})[A-Za-z0-9_-]{20,}");
  private static final Pattern NUMBER_FIELD =
      Pattern.compile("(\"(?:durationMs|resolutionTimeMs|pid|\\w*Seconds)\" ?: ?)\\d+");
  private static final Pattern SECONDS =
      Pattern.compile("\\b\\d+\\.\\d+s\\b|(?<=took )\\d+s\\b|\\b\\d+s(?= \\(measured)");
  private static final Pattern TEXT_FIELD =
      Pattern.compile("(\"(?:host|processStart|median|p90)\" ?: ?)\"[^\"]*\"");

  private static final Pattern DATE_TIME =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d(:\\d\\d)?( UTC)?");
  private static final Pattern MILLIS = Pattern.compile("\\b\\d+ ?ms\\b");

  private final Map<String, String> ids = new LinkedHashMap<>();
  private final Map<String, Integer> counters = new LinkedHashMap<>();
  private final String dir;
  private final String host;

  Golden(Path dir, String host) {
    this.dir = dir.toString();
    this.host = host;
  }

  /** Text with what differs between runs replaced (see the class comment). */
  String normalise(String text) {
    String out = text.replace(dir, "<dir>");
    if (!host.isEmpty()) {
      out = out.replace("\"" + host + "\"", "\"<host>\"");
    }
    out =
        SECRET
            .matcher(out)
            .replaceAll(
                m -> "ct_" + Matcher.quoteReplacement(id("TOKEN", m.group(1))) + "<secret>");
    out = replace(RANDOM_ID, out, m -> id(m.group().substring(0, 3), m.group()));
    out = replace(TOKEN_ID, out, m -> id("TOKEN", m.group()));
    for (Map.Entry<String, String> known : ids.entrySet()) {
      out = out.replace(known.getKey(), known.getValue()); // a token id printed on its own
    }
    out = replace(INSTANT, out, m -> "<instant>");
    out =
        replace(DATE_TIME, out, m -> m.group().startsWith(TestRepoDay.DAY) ? m.group() : "<time>");
    out = NUMBER_FIELD.matcher(out).replaceAll("$1<n>");
    out = TEXT_FIELD.matcher(out).replaceAll("$1\"<n>\"");
    out = MILLIS.matcher(out).replaceAll("<duration>");
    out = SECONDS.matcher(out).replaceAll("<duration>");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (LocalDate day : List.of(today.minusDays(1), today, today.plusDays(1))) {
      out = out.replace(day.toString(), "<today>");
      out = out.replace(day.toString().replace("-", ""), "<today>");
    }
    return out;
  }

  private String id(String kind, String value) {
    return ids.computeIfAbsent(
        value, v -> "<" + kind + "-" + counters.merge(kind, 1, Integer::sum) + ">");
  }

  private static String replace(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Fails with every difference found by {@link #compare}. */
  static void check(String... differences) {
    String found =
        String.join(
            "\n\n", java.util.Arrays.stream(differences).filter(d -> !d.isEmpty()).toList());
    if (!found.isEmpty()) {
      fail(found);
    }
  }

  /**
   * Compares {@code actual} with the golden file {@code name} (or writes it with {@code
   * -Dchangetrail.golden.update=true}): empty when they are the same, else the first line that
   * differs.
   */
  static String compare(String name, String actual) {
    Path file = ROOT.resolve(name);
    try {
      if (UPDATE) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return "";
      }
      if (!Files.exists(file)) {
        return ("no golden file "
            + file
            + ": write it with ./mvnw -q test -Dtest='Golden*'"
            + " -Dchangetrail.golden.update=true");
      }
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        List<String> want = expected.lines().toList();
        List<String> got = actual.lines().toList();
        int line = 0;
        while (line < Math.min(want.size(), got.size()) && want.get(line).equals(got.get(line))) {
          line++;
        }
        Path written = Path.of("target", "golden-actual").resolve(name);
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual, StandardCharsets.UTF_8);
        return (file
            + " differs at line "
            + (line + 1)
            + context(want, got, line)
            + "\nthe whole output is in "
            + written
            + " (diff it; if the change is meant, regenerate with"
            + " -Dchangetrail.golden.update=true)");
      }
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String context(List<String> want, List<String> got, int line) {
    List<String> out = new ArrayList<>();
    for (int i = Math.max(0, line - 3); i < line; i++) {
      out.add("  " + want.get(i));
    }
    out.add("- " + (line < want.size() ? want.get(line) : "(end of file)"));
    out.add("+ " + (line < got.size() ? got.get(line) : "(end of output)"));
    return ":\n" + String.join("\n", out);
  }
}
