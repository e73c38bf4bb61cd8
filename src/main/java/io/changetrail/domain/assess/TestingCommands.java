package io.changetrail.domain.assess;

import io.changetrail.domain.assess.TestingRequirement.TestKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups the test runs of the affected systems so the list is as long as the work: systems that
 * share a command are listed once with it, and Maven module builds that differ only in their {@code
 * -pl} module are one reactor build ({@code ./mvnw -pl a,b,c -am verify}), which builds and tests
 * the same modules as the separate runs.
 */
final class TestingCommands {
  private TestingCommands() {}

  /** {@code requirements}, with the system runs (SYSTEM, REGRESSION) grouped; others unchanged. */
  static List<TestingRequirement> grouped(List<TestingRequirement> requirements) {
    Map<String, List<TestingRequirement>> byCommand = new LinkedHashMap<>();
    List<Object> order =
        new ArrayList<>(); // a requirement, or the key of a group at its first place
    for (TestingRequirement requirement : requirements) {
      boolean run =
          requirement.kind() == TestKind.SYSTEM || requirement.kind() == TestKind.REGRESSION;
      if (!run || requirement.command().isEmpty()) {
        order.add(requirement);
        continue;
      }
      String key = reactorKey(requirement.command());
      if (!byCommand.containsKey(key)) {
        order.add(key);
      }
      byCommand.computeIfAbsent(key, k -> new ArrayList<>()).add(requirement);
    }
    List<TestingRequirement> result = new ArrayList<>();
    for (Object item : order) {
      if (item instanceof TestingRequirement requirement) {
        result.add(requirement);
        continue;
      }
      List<TestingRequirement> group = byCommand.get((String) item);
      if (group.size() == 1) {
        result.add(group.get(0));
      } else {
        result.add(merge((String) item, group));
      }
    }
    return result;
  }

  private static TestingRequirement merge(String key, List<TestingRequirement> group) {
    Set<String> direct = new LinkedHashSet<>();
    Set<String> dependents = new LinkedHashSet<>();
    Set<String> modules = new LinkedHashSet<>();
    for (TestingRequirement requirement : group) {
      (requirement.kind() == TestKind.SYSTEM ? direct : dependents).add(requirement.system());
      String[] words = requirement.command().strip().split(" +");
      int pl = indexOf(words, "-pl");
      if (pl >= 0 && pl + 1 < words.length) {
        modules.addAll(List.of(words[pl + 1].split(",")));
      }
    }
    String command = key.contains(MODULES) ? key.replace(MODULES, String.join(",", modules)) : key;
    StringBuilder description = new StringBuilder("Run the tests of ");
    if (!direct.isEmpty()) {
      description.append(String.join(", ", direct)).append(" (files changed)");
    }
    if (!dependents.isEmpty()) {
      description
          .append(direct.isEmpty() ? "" : " and of ")
          .append(String.join(", ", dependents))
          .append(" (")
          .append(dependents.size() == 1 ? "depends" : "depend")
          .append(" on a changed system)");
    }
    description.append(
        key.contains(MODULES) ? ", in one Maven reactor build" : ", with their shared command");
    return new TestingRequirement(
        direct.isEmpty() ? TestKind.REGRESSION : TestKind.SYSTEM,
        "",
        description.toString(),
        command);
  }

  private static final String MODULES = "\u0000modules\u0000";

  /**
   * The command with its {@code -pl} module list taken out when it is a Maven build ({@code mvn},
   * {@code mvnw}, {@code ./mvnw}), so runs that differ only in it group together; else the command.
   */
  static String reactorKey(String command) {
    String[] words = command.strip().split(" +");
    String tool = words[0].substring(words[0].lastIndexOf('/') + 1);
    boolean maven = tool.equals("mvn") || tool.equals("mvnw") || tool.equals("mvnw.cmd");
    int pl = indexOf(words, "-pl");
    if (!maven || pl < 0 || pl + 1 >= words.length || indexOf(words, "-pl", pl + 1) >= 0) {
      return command;
    }
    words[pl + 1] = MODULES;
    return String.join(" ", words);
  }

  private static int indexOf(String[] words, String word) {
    return indexOf(words, word, 0);
  }

  private static int indexOf(String[] words, String word, int from) {
    for (int i = from; i < words.length; i++) {
      if (words[i].equals(word)) {
        return i;
      }
    }
    return -1;
  }
}
