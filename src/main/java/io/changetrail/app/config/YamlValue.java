package io.changetrail.app.config;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A node of a YAML document that knows where it stands in its file, so that every complaint about
 * it names file:line:column. Used for changetrail.yml (problems are {@link Problem#INVALID_CONFIG})
 * and for other YAML inputs such as runbooks, which choose their own {@link Problem} and hint with
 * {@link #parse(String, String, Problem, String)}.
 */
public final class YamlValue {
  private static final String CONFIG_HINT = "(its JSON Schema is docs/changetrail.schema.json)";

  private final String file;
  private final Node node;
  private final String path;
  private final Problem problem;
  private final String hint;

  YamlValue(String file, Node node, String path) {
    this(file, node, path, Problem.INVALID_CONFIG, "fix " + file + " " + CONFIG_HINT);
  }

  private YamlValue(String file, Node node, String path, Problem problem, String hint) {
    this.file = file;
    this.node = node;
    this.path = path;
    this.problem = problem;
    this.hint = hint;
  }

  /** The same node under another path name (for messages), e.g. {@code config}. */
  YamlValue rooted(String newPath) {
    return new YamlValue(file, node, newPath, problem, hint);
  }

  /**
   * Parses YAML text into its root value, or empty for a document with nothing in it. Syntax errors
   * and every later complaint about the values are {@code problem}s with {@code hint}; {@code
   * label} names the file in messages. An empty {@code path} of the root keeps messages short
   * ({@code steps[0]} rather than {@code root.steps[0]}).
   */
  public static Optional<YamlValue> parse(String text, String label, Problem problem, String hint) {
    Optional<Node> root;
    try {
      LoadSettings settings =
          LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(true).build();
      Composer composer =
          new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      root = composer.getSingleNode();
    } catch (MarkedYamlEngineException e) {
      String where =
          e.getProblemMark()
              .map(m -> label + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
              .orElse(label);
      throw new ChangeTrailException(
          problem,
          where + ": not valid YAML: " + e.getProblem(),
          "fix the YAML syntax (indentation, quotes, colons)");
    } catch (YamlEngineException e) {
      throw new ChangeTrailException(
          problem, label + ": not valid YAML: " + e.getMessage(), "fix the YAML syntax");
    }
    return root.map(node -> new YamlValue(label, node, "", problem, hint))
        .filter(value -> !value.isNull());
  }

  private YamlValue child(Node child, String childPath) {
    return new YamlValue(file, child, childPath, problem, hint);
  }

  /** The line of this value in its file, from 1 (0 when unknown). */
  public int line() {
    return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
  }

  public String location() {
    return node.getStartMark()
        .map(mark -> file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
        .orElse(file);
  }

  public String path() {
    return path;
  }

  /** A complaint about this value: file:line:column, its path, and {@code message}. */
  public ChangeTrailException error(String message) {
    return new ChangeTrailException(
        problem, location() + ": " + (path.isEmpty() ? "" : path + ": ") + message, hint);
  }

  public boolean isNull() {
    return node instanceof ScalarNode scalar
        && (scalar.getValue().isEmpty()
            || scalar.getValue().equals("~")
            || scalar.getValue().equals("null"))
        && scalar.getScalarStyle() == org.snakeyaml.engine.v2.common.ScalarStyle.PLAIN;
  }

  /** The entries of a mapping, in file order; complains about keys not in {@code allowed}. */
  public Map<String, YamlValue> mapping(Set<String> allowed) {
    if (!(node instanceof MappingNode mapping)) {
      throw error("expected a mapping (key: value lines), found " + describe());
    }
    Map<String, YamlValue> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw child(tuple.getKeyNode(), path).error("keys must be plain words");
      }
      String key = keyNode.getValue();
      String keyPath = path.isEmpty() ? key : path + "." + key;
      YamlValue keyValue = child(keyNode, keyPath);
      if (allowed != null && !allowed.contains(key)) {
        throw keyValue.error("unknown key '" + key + "'" + suggestion(key, allowed));
      }
      if (entries.containsKey(key)) {
        throw keyValue.error("'" + key + "' appears twice");
      }
      entries.put(key, child(tuple.getValueNode(), keyPath));
    }
    return entries;
  }

  public List<YamlValue> sequence() {
    if (!(node instanceof SequenceNode sequence)) {
      throw error("expected a list, found " + describe());
    }
    List<YamlValue> items = new ArrayList<>();
    List<Node> values = sequence.getValue();
    for (int i = 0; i < values.size(); i++) {
      items.add(child(values.get(i), path + "[" + i + "]"));
    }
    return items;
  }

  /** A list of strings; a single string is accepted as a list of one. */
  public List<String> stringList() {
    if (node instanceof ScalarNode) {
      return List.of(string());
    }
    return sequence().stream().map(YamlValue::string).toList();
  }

  /** Whether this value is a scalar (text, number, boolean), not a mapping or a list. */
  public boolean isScalar() {
    return node instanceof ScalarNode;
  }

  public String string() {
    if (!(node instanceof ScalarNode scalar)) {
      throw error("expected a text value, found " + describe());
    }
    return scalar.getValue();
  }

  public int integer(int min, int max) {
    String text = string().strip();
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw error("expected a whole number from " + min + " to " + max + ", found '" + text + "'");
    }
    if (value < min || value > max) {
      throw error("expected a whole number from " + min + " to " + max + ", found " + value);
    }
    return value;
  }

  public boolean bool() {
    String text = string().strip();
    return switch (text) {
      case "true", "True", "TRUE", "yes", "on" -> true;
      case "false", "False", "FALSE", "no", "off" -> false;
      default -> throw error("expected true or false, found '" + text + "'");
    };
  }

  public <E extends Enum<E>> E enumValue(Class<E> type) {
    String text = string().strip();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    throw error("expected one of " + String.join(", ", names) + ", found '" + text + "'");
  }

  public static Optional<YamlValue> get(Map<String, YamlValue> map, String key) {
    return Optional.ofNullable(map.get(key)).filter(v -> !v.isNull());
  }

  private String describe() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue().isEmpty() ? "nothing" : "'" + scalar.getValue() + "'";
    }
    return "something else";
  }

  private static String suggestion(String key, Set<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      int distance = distance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
      return " (did you mean '" + best + "'?)";
    }
    return " (expected one of: " + String.join(", ", allowed.stream().sorted().toList()) + ")";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
