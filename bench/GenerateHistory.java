import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Writes a git fast-import stream of a synthetic trading-platform history to standard output:
 * a Maven multi-module repository (8 modules, configuration, migrations, docs) and COMMITS
 * commits touching 1 to 6 files each, with messages of every kind (documented, Conventional,
 * minimal). Deterministic for a given seed.
 *
 * <p>Usage: java bench/GenerateHistory.java 20000 | git fast-import --quiet
 */
public final class GenerateHistory {
  private static final String[] MODULES = {
    "common", "market-data", "pricing", "risk-engine", "order-router", "fix-gateway",
    "position-keeper", "reporting"
  };
  private static final String[] SUBJECTS = {
    "FEATURE: add iceberg order support to %s",
    "BUGFIX: reject orders with zero quantity in %s",
    "fix(%s): handle venue halt during auction",
    "feat(%s): publish intraday exposure",
    "ENHANCEMENT: cache instrument lookups in %s",
    "perf(%s): avoid boxing in the hot path",
    "CONFIGURATION: raise the %s timeout to 250 ms",
    "CLEANUP: remove the deprecated %s adapter",
    "docs(%s): explain the recovery procedure",
    "fixed stuff",
    "wip",
    "Update %s",
    "INTEGRATION: connect %s to the new venue gateway",
    "SECURITY: rotate the %s session credentials",
  };

  public static void main(String[] args) throws IOException {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Random random = new Random(args.length > 1 ? Long.parseLong(args[1]) : 42L);
    OutputStream out = new BufferedOutputStream(System.out, 1 << 20);
    long time = 1_700_000_000L;
    int mark = 0;
    StringBuilder root = new StringBuilder("<project><artifactId>platform</artifactId><modules>");
    for (String module : MODULES) {
      root.append("<module>").append(module).append("</module>");
    }
    root.append("</modules></project>\n");
    for (int c = 0; c < commits; c++) {
      time += 60 + random.nextInt(3600);
      StringBuilder files = new StringBuilder();
      if (c == 0) {
        files.append(modify("pom.xml", root.toString()));
        for (int m = 0; m < MODULES.length; m++) {
          StringBuilder pom = new StringBuilder("<project><parent><artifactId>platform</artifactId>");
          pom.append("</parent><artifactId>").append(MODULES[m]).append("</artifactId><dependencies>");
          if (m > 0) {
            pom.append("<dependency><artifactId>common</artifactId></dependency>");
          }
          if (m > 3) {
            pom.append("<dependency><artifactId>risk-engine</artifactId></dependency>");
          }
          pom.append("</dependencies></project>\n");
          files.append(modify(MODULES[m] + "/pom.xml", pom.toString()));
        }
      }
      String module = MODULES[random.nextInt(MODULES.length)];
      int touched = 1 + random.nextInt(6);
      for (int f = 0; f < touched; f++) {
        String path = pathFor(module, random);
        if (random.nextInt(40) == 0 && c > 0) {
          files.append("D ").append(path).append('\n');
        } else {
          files.append(modify(path, content(random, c)));
        }
      }
      String subject = String.format(SUBJECTS[random.nextInt(SUBJECTS.length)], module);
      String message =
          subject
              + (subject.contains(":") && random.nextBoolean()
                  ? "\n\n## Context and Rationale\nChange " + c + " of the synthetic history.\n"
                  : "\n");
      byte[] messageBytes = message.getBytes(StandardCharsets.UTF_8);
      String author = "dev" + random.nextInt(12);
      StringBuilder commit = new StringBuilder();
      commit.append("commit refs/heads/main\n");
      commit.append("mark :").append(++mark).append('\n');
      commit.append("author ").append(author).append(" <").append(author).append("@acme.example> ")
          .append(time).append(" +0000\n");
      commit.append("committer ").append(author).append(" <").append(author).append("@acme.example> ")
          .append(time).append(" +0000\n");
      commit.append("data ").append(messageBytes.length).append('\n');
      out.write(commit.toString().getBytes(StandardCharsets.UTF_8));
      out.write(messageBytes);
      out.write(files.toString().getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    out.flush();
  }

  private static String pathFor(String module, Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> module + "/src/main/resources/application.yml";
      case 1 -> module + "/src/test/java/com/acme/" + cls(random) + "Test.java";
      case 2 -> module + "/src/main/resources/db/migration/V" + random.nextInt(200) + "__change.sql";
      case 3 -> "docs/" + module + ".md";
      case 4 -> module + "/config/limits.yml";
      default -> module + "/src/main/java/com/acme/" + cls(random) + ".java";
    };
  }

  private static String cls(Random random) {
    String[] names = {"Router", "Book", "Quote", "Limit", "Session", "Fill", "Venue", "Position"};
    return names[random.nextInt(names.length)] + random.nextInt(30);
  }

  private static String content(Random random, int commit) {
    StringBuilder text = new StringBuilder();
    int lines = 3 + random.nextInt(40);
    for (int i = 0; i < lines; i++) {
      text.append("line ").append(i).append(" of change ").append(commit).append('\n');
    }
    return text.toString();
  }

  private static String modify(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return "M 100644 inline " + path + "\ndata " + bytes.length + "\n" + content + "\n";
  }
}
