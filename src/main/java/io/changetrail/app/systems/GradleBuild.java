package io.changetrail.app.systems;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Gradle settings file (Groovy or Kotlin) and build files say about a multi-project build,
 * read as text: included projects (one or many per {@code include}, over several lines, with or
 * without parentheses, {@code includeFlat}), relocated project folders ({@code
 * project(':x').projectDir = file('...')}), included builds ({@code includeBuild}), and project
 * dependencies ({@code project(':x')}, {@code project(path: ':x')} and type-safe accessors {@code
 * projects.x.y}). Conditional includes are taken as written; includes whose projects are computed
 * (built in loops, from variables, interpolated) are not seen, and {@link #unreadIncludes} names
 * them so that the assessment says so.
 */
final class GradleBuild {
  private GradleBuild() {}

  /**
   * The projects of a settings file, by Gradle path without the leading colon, to their folders.
   */
  static Map<String, String> projects(String settings) {
    String code = stripComments(settings);
    Map<String, String> projects = new LinkedHashMap<>();
    for (String argument : arguments(code, "include")) {
      for (String name : quoted(argument)) {
        String path = name.replaceFirst("^:", "");
        if (path.isEmpty() || path.contains("$")) {
          continue; // an interpolated name is not a project's name: see unreadIncludes
        }
        // Gradle also creates the parents of a nested project
        String[] parts = path.split(":");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
          if (prefix.length() > 0) {
            prefix.append(':');
          }
          prefix.append(part);
          projects.putIfAbsent(prefix.toString(), prefix.toString().replace(':', '/'));
        }
      }
    }
    for (String argument : arguments(code, "includeFlat")) {
      for (String name : quoted(argument)) {
        String path = name.replaceFirst("^:", "");
        if (path.contains("$")) {
          continue;
        }
        projects.putIfAbsent(path, "../" + path);
      }
    }
    // rootProject.children.forEach { it.projectDir = File(settingsDir, "subprojects/${it.name}") }
    Matcher computed = COMPUTED_DIR.matcher(code);
    if (code.contains("projectDir") && computed.find()) {
      String prefix = normalize(computed.group(1));
      for (Map.Entry<String, String> entry : projects.entrySet()) {
        if (!entry.getKey().contains(":")) {
          entry.setValue(prefix + "/" + entry.getKey());
        }
      }
    }
    Matcher relocated = PROJECT_DIR.matcher(code);
    while (relocated.find()) {
      String path = relocated.group(1).replaceFirst("^:", "");
      String dir = relocated.group(2) != null ? relocated.group(2) : relocated.group(3);
      dir = dir.replaceFirst("^\\$\\{?(rootDir|settingsDir|rootProject\\.projectDir)}?/", "");
      if (projects.containsKey(path)) {
        projects.put(path, normalize(dir));
      }
    }
    return projects;
  }

  /**
   * The {@code include}, {@code includeFlat} and {@code includeBuild} calls of a settings file
   * whose projects are computed (a variable, a loop's {@code it}, a spread list, an interpolated
   * string) rather than written as literal names, each as written (on one line, shortened): what
   * {@link #projects} cannot see.
   */
  static List<String> unreadIncludes(String settings) {
    String code = stripComments(settings);
    List<String> out = new ArrayList<>();
    for (String keyword : List.of("include", "includeFlat", "includeBuild")) {
      for (String argument : arguments(code, keyword)) {
        String rest =
            QUOTED
                .matcher(argument)
                .replaceAll("")
                .replaceAll("\\b(?:includeFlat|includeBuild|include)\\b", "")
                .replaceAll("[\\s,();]", "");
        boolean interpolated = quoted(argument).stream().anyMatch(name -> name.contains("$"));
        if (!rest.isEmpty() || interpolated) {
          String shown = argument.strip().replaceAll("\\s+", " ");
          if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
          }
          out.add(keyword + "(" + shown + ")");
        }
      }
    }
    return out;
  }

  /** The folders of the builds a settings file includes with {@code includeBuild}. */
  static List<String> includedBuilds(String settings) {
    String code = stripComments(settings);
    Set<String> builds = new LinkedHashSet<>();
    for (String argument : arguments(code, "includeBuild")) {
      List<String> names = quoted(argument);
      if (!names.isEmpty() && !names.get(0).contains("$")) {
        builds.add(normalize(names.get(0)));
      }
    }
    return List.copyOf(builds);
  }

  /**
   * The build file name a settings file gives every project ({@code project.buildFileName =
   * "${project.name}.gradle"}): the name with {@code %s} for the project's name, if set.
   */
  static String buildFileName(String settings) {
    Matcher name = BUILD_FILE_NAME.matcher(stripComments(settings));
    return name.find() ? "%s" + name.group(1) : null;
  }

  private static final Pattern BUILD_FILE_NAME =
      Pattern.compile(
          "buildFileName\\s*=\\s*\"\\$\\{?(?:project\\.|it\\.)?name}?(\\.gradle(?:\\.kts)?)\"");

  /** The root project's name ({@code rootProject.name = '...'}), if set. */
  static String rootName(String settings) {
    Matcher name = ROOT_NAME.matcher(stripComments(settings));
    return name.find() ? name.group(1) : null;
  }

  /**
   * The projects a build file depends on, among {@code projects} (Gradle paths without the leading
   * colon): {@code project(':x')}, {@code project(path: ':x')}, {@code projects.x} accessors.
   */
  static Set<String> dependencies(String build, Set<String> projects) {
    References references = references(build);
    Set<String> out = new LinkedHashSet<>();
    for (String target : references.projects()) {
      if (projects.contains(target)) {
        out.add(target);
      }
    }
    if (references.accessors().isEmpty()) {
      return out;
    }
    Map<String, String> byAccessor = accessors(projects);
    for (String accessor : references.accessors()) {
      // the longest prefix that names a project: projects.a.b.dependencyProject -> a:b
      String chain = accessor;
      while (!chain.isEmpty()) {
        String project = byAccessor.get(chain);
        if (project != null) {
          out.add(project);
          break;
        }
        int dot = chain.lastIndexOf('.');
        chain = dot < 0 ? "" : chain.substring(0, dot);
      }
    }
    return out;
  }

  /**
   * What a build file refers to, in order: the targets of {@code project(':x')} (without the colon)
   * and the chains after {@code projects.}.
   */
  private record References(List<String> projects, List<String> accessors) {}

  /**
   * References by build file content: a walk of the history rediscovers the build whenever a build
   * file changes, and the other build files are the same text as before.
   */
  private static final Map<String, References> REFERENCES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static References references(String build) {
    References known = REFERENCES.get(build);
    if (known != null) {
      return known;
    }
    String code = stripComments(build);
    List<String> targets = new ArrayList<>();
    Matcher dep = PROJECT_DEP.matcher(code);
    while (dep.find()) {
      targets.add(dep.group(1).replaceFirst("^:", ""));
    }
    List<String> chains = new ArrayList<>();
    Matcher accessor = ACCESSOR.matcher(code);
    while (accessor.find()) {
      chains.add(accessor.group(1));
    }
    References references = new References(List.copyOf(targets), List.copyOf(chains));
    if (REFERENCES.size() > 4096) {
      REFERENCES.clear();
    }
    REFERENCES.put(build, references);
    return references;
  }

  /** The type-safe accessor of each project ({@code a-b:c} is {@code aB.c}), last asked for. */
  private static volatile Map.Entry<List<String>, Map<String, String>> lastAccessors;

  private static Map<String, String> accessors(Set<String> projects) {
    List<String> ordered = List.copyOf(projects);
    Map.Entry<List<String>, Map<String, String>> last = lastAccessors;
    if (last != null && last.getKey().equals(ordered)) {
      return last.getValue();
    }
    Map<String, String> byAccessor = new LinkedHashMap<>();
    for (String project : projects) {
      List<String> parts = new ArrayList<>();
      for (String part : project.split(":")) {
        parts.add(camel(part));
      }
      byAccessor.put(String.join(".", parts), project);
    }
    lastAccessors = Map.entry(ordered, byAccessor);
    return byAccessor;
  }

  private static final Pattern QUOTED = Pattern.compile("\"([^\"\\n]*)\"|'([^'\\n]*)'");
  private static final Pattern PROJECT_DIR =
      Pattern.compile(
          "project\\s*\\(\\s*[\"']([^\"']+)[\"']\\s*\\)\\s*\\.\\s*projectDir\\s*=\\s*"
              + "(?:file\\s*\\(\\s*[\"']([^\"']+)[\"']\\s*\\)"
              + "|(?:new\\s+)?(?:java\\.io\\.)?File\\s*\\(\\s*(?:rootDir|settingsDir|rootProject"
              + "\\.projectDir)\\s*,\\s*[\"']([^\"']+)[\"']\\s*\\))");
  private static final Pattern COMPUTED_DIR =
      Pattern.compile(
          "[\"](?:\\$\\{?(?:rootDir|settingsDir)}?/)?([\\w.-]+(?:/[\\w.-]+)*)/\\$\\{?(?:project\\.|it\\.)?name}?[\"]");
  private static final Pattern ROOT_NAME =
      Pattern.compile("rootProject\\s*\\.\\s*name\\s*=\\s*[\"']([^\"']+)[\"']");
  private static final Pattern PROJECT_DEP =
      Pattern.compile("project\\s*\\(\\s*(?:path\\s*[:=]\\s*)?[\"'](:[^\"']*)[\"']");
  private static final Pattern ACCESSOR = Pattern.compile("\\bprojects\\.([A-Za-z0-9_.]+)");

  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '-' || c == '_' || c == '.' || c == ' ') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static List<String> quoted(String text) {
    List<String> out = new ArrayList<>();
    Matcher quoted = QUOTED.matcher(text);
    while (quoted.find()) {
      out.add(quoted.group(1) != null ? quoted.group(1) : quoted.group(2));
    }
    return out;
  }

  /**
   * The argument text of every call of {@code keyword}: {@code keyword(...)} up to the matching
   * parenthesis, or {@code keyword 'a', 'b'} continued over lines that end with a comma.
   */
  static List<String> arguments(String code, String keyword) {
    List<String> out = new ArrayList<>();
    // each use of the keyword as a word: not after a word character or a dot, not before a word
    // character (what the pattern (?<![\w.])keyword(?!\w) finds, without a regular expression)
    for (int found = code.indexOf(keyword); found >= 0; found = code.indexOf(keyword, found + 1)) {
      int at = found + keyword.length();
      if ((found > 0 && (wordChar(code.charAt(found - 1)) || code.charAt(found - 1) == '.'))
          || (at < code.length() && wordChar(code.charAt(at)))) {
        continue;
      }
      found = at - 1; // the next use starts after this one
      while (at < code.length() && (code.charAt(at) == ' ' || code.charAt(at) == '\t')) {
        at++;
      }
      if (at < code.length() && code.charAt(at) == '(') {
        int depth = 0;
        int end = at;
        boolean inString = false;
        char quote = 0;
        for (; end < code.length(); end++) {
          char c = code.charAt(end);
          if (inString) {
            if (c == quote) {
              inString = false;
            }
          } else if (c == '"' || c == '\'') {
            inString = true;
            quote = c;
          } else if (c == '(') {
            depth++;
          } else if (c == ')' && --depth == 0) {
            break;
          }
        }
        out.add(code.substring(at + 1, Math.min(end, code.length())));
      } else {
        StringBuilder argument = new StringBuilder();
        int end = at;
        while (end < code.length()) {
          int newline = code.indexOf('\n', end);
          String line = code.substring(end, newline < 0 ? code.length() : newline);
          argument.append(line).append('\n');
          end = newline < 0 ? code.length() : newline + 1;
          if (!line.strip().endsWith(",")) {
            break;
          }
        }
        out.add(argument.toString());
      }
    }
    return out;
  }

  /** A character {@code \\w} matches (without UNICODE_CHARACTER_CLASS). */
  private static boolean wordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** Texts already stripped of comments (the settings file is read four times a discovery). */
  private static final Map<String, String> STRIPPED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The code without // and /* comments (string literals kept as they are). */
  static String stripComments(String text) {
    String known = STRIPPED.get(text);
    if (known != null) {
      return known;
    }
    String stripped = stripCommentsOf(text);
    if (STRIPPED.size() > 1024) {
      STRIPPED.clear();
    }
    STRIPPED.put(text, stripped);
    return stripped;
  }

  private static String stripCommentsOf(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    char quote = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quote != 0) {
        out.append(c);
        if (c == '\\' && i + 1 < text.length()) {
          out.append(text.charAt(i + 1));
          i += 2;
          continue;
        }
        if (c == quote || c == '\n') {
          quote = 0;
        }
        i++;
      } else if (c == '"' || c == '\'') {
        quote = c;
        out.append(c);
        i++;
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..") && !parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }
}
