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
    return wholeReactor(result, byCommand);
  }

  /**
   * When the reactor's own parent build changed ({@code ./mvnw -N verify}) beside a reactor build
   * of the modules, every module inherits the change: one build of the whole reactor ({@code ./mvnw
   * verify}) builds and tests what the two would, in one line.
   */
  private static List<TestingRequirement> wholeReactor(
      List<TestingRequirement> requirements, Map<String, List<TestingRequirement>> byCommand) {
    int root = -1;
    int reactor = -1;
    for (int i = 0; i < requirements.size(); i++) {
      TestingRequirement requirement = requirements.get(i);
      String[] words = requirement.command().strip().split(" +");
      boolean run =
          requirement.kind() == TestKind.SYSTEM || requirement.kind() == TestKind.REGRESSION;
      if (!run || !isMaven(words)) {
        continue;
      }
      if (root < 0
          && requirement.kind() == TestKind.SYSTEM
          && indexOf(words, "-N") >= 0
          && indexOf(words, "-pl") < 0) {
        root = i;
      } else if (reactor < 0 && reactorKey(requirement.command()).contains(MODULES)) {
        reactor = i;
      }
    }
    if (root < 0 || reactor < 0) {
      return requirements;
    }
    TestingRequirement parent = requirements.get(root);
    String[] rootWords = parent.command().strip().split(" +");
    String[] reactorWords = requirements.get(reactor).command().strip().split(" +");
    if (!rootWords[0].equals(reactorWords[0])) {
      return requirements; // two different builds (mvn and ./mvnw): kept as they are
    }
    List<String> whole = new ArrayList<>(List.of(rootWords));
    whole.remove("-N");
    Set<String> direct = new LinkedHashSet<>();
    Set<String> dependents = new LinkedHashSet<>();
    direct.add(parent.system());
    for (TestingRequirement requirement :
        byCommand.getOrDefault(reactorKey(requirements.get(reactor).command()), List.of())) {
      (requirement.kind() == TestKind.SYSTEM ? direct : dependents).add(requirement.system());
    }
    dependents.removeAll(direct);
    StringBuilder description =
        new StringBuilder("Run the tests of the whole reactor: the parent build (")
            .append(parent.system())
            .append(") changed, and every module inherits it");
    if (direct.size() > 1) {
      description.append("; files changed in ").append(names(direct));
    }
    if (!dependents.isEmpty()) {
      description.append("; ").append(names(dependents)).append(" depend on a changed system");
    }
    List<TestingRequirement> result = new ArrayList<>(requirements);
    result.set(
        Math.min(root, reactor),
        new TestingRequirement(
            TestKind.SYSTEM, "", description.toString(), String.join(" ", whole)));
    result.remove(Math.max(root, reactor));
    return result;
  }

  /** Up to {@value #NAMED} names, then how many more: a list a person reads to the end. */
  static String names(java.util.Collection<String> all) {
    List<String> list = List.copyOf(all);
    if (list.size() <= NAMED) {
      return String.join(", ", list);
    }
    return String.join(", ", list.subList(0, NAMED - 1))
        + " and "
        + (list.size() - NAMED + 1)
        + " more";
  }

  private static final int NAMED = 6;

  private static boolean isMaven(String[] words) {
    String tool = words[0].substring(words[0].lastIndexOf('/') + 1);
    return tool.equals("mvn") || tool.equals("mvnw") || tool.equals("mvnw.cmd");
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
      description.append(names(direct)).append(" (files changed)");
    }
    if (!dependents.isEmpty()) {
      description
          .append(direct.isEmpty() ? "" : " and of ")
          .append(names(dependents))
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
    boolean maven = isMaven(words);
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
