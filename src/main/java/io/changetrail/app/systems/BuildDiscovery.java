package io.changetrail.app.systems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.domain.system.PathGlob;
import io.changetrail.domain.system.SystemDefinition;
import io.changetrail.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the systems of a repository that has no changetrail.yml, from its build: Maven modules,
 * Gradle projects, npm workspaces or Go modules, with the dependencies between them; else its
 * top-level folders.
 */
public final class BuildDiscovery {

  /** A buildable unit found in the repository. */
  public record Module(
      String name, String dir, List<String> dependsOn, List<String> tests, List<String> paths) {}

  /** What was found, and by which build tool. */
  public record Discovered(String source, List<Module> modules, List<String> notes) {
    public Discovered(String source, List<Module> modules) {
      this(source, modules, List.of());
    }

    Discovered withNotes(List<String> more) {
      if (more.isEmpty()) {
        return this;
      }
      List<String> all = new ArrayList<>(notes);
      all.addAll(more);
      return new Discovered(source, modules, List.copyOf(all));
    }

    public List<SystemDefinition> systems() {
      return modules.stream()
          .map(
              m ->
                  new SystemDefinition(
                      m.name(), m.paths(), 3, List.of(), m.tests(), "", false, m.dependsOn()))
          .toList();
    }
  }

  private final List<String> files;
  private final Set<String> fileSet;
  private final Function<String, Optional<String>> reader;

  /** Reads a file whose content is not needed again (kept parsed, by object id). */
  private final Function<String, Optional<String>> once;

  /** A file's object id by path (a commit's tree), or null when contents are known only by path. */
  private final Function<String, String> ids;

  private final Set<String> topLevelFolders;

  /**
   * @param files every tracked file of the repository
   * @param reader reads a file of the repository by its path
   */
  public BuildDiscovery(List<String> files, Function<String, Optional<String>> reader) {
    this(files, topLevelFoldersOf(files), reader, reader, null);
  }

  /** Discovery over one tree's build files (the work tree's or a commit's). */
  public BuildDiscovery(BuildTree tree) {
    this(tree.files(), tree.topLevelFolders(), tree::read, tree::readOnce, tree::objectId);
  }

  private BuildDiscovery(
      List<String> files,
      Set<String> topLevelFolders,
      Function<String, Optional<String>> reader,
      Function<String, Optional<String>> once,
      Function<String, String> ids) {
    this.files = files;
    this.once = once;
    this.fileSet = new java.util.HashSet<>(files);
    this.reader = reader;
    this.ids = ids;
    this.topLevelFolders = topLevelFolders;
  }

  private static Set<String> topLevelFoldersOf(List<String> files) {
    Set<String> dirs = new TreeSet<>();
    for (String file : files) {
      int slash = file.indexOf('/');
      if (slash > 0) {
        dirs.add(file.substring(0, slash));
      }
    }
    return dirs;
  }

  /** What discovery saw in the build files but could not read. */
  private final List<String> unread = new ArrayList<>();

  public Discovered discover() {
    return find().withNotes(unread);
  }

  private Discovered find() {
    if (fileSet.contains("pom.xml")) {
      List<Module> modules = maven();
      if (!modules.isEmpty()) {
        return new Discovered("Maven modules", modules);
      }
    }
    if (fileSet.contains("settings.gradle") || fileSet.contains("settings.gradle.kts")) {
      List<Module> modules = gradle();
      if (!modules.isEmpty()) {
        return new Discovered("Gradle projects", modules);
      }
    }
    if (fileSet.contains("package.json")) {
      List<Module> modules = npm();
      if (!modules.isEmpty()) {
        return new Discovered("npm workspaces", modules);
      }
    }
    List<Module> go = go();
    if (!go.isEmpty()) {
      return new Discovered("Go modules", go);
    }
    return new Discovered("top-level folders", folders());
  }

  // ---------------------------------------------------------------- Maven

  private record Pom(
      String dir,
      String groupId,
      String artifactId,
      String parent,
      List<String> modules,
      Set<String> dependencies) {}

  private List<Module> maven() {
    Map<String, Pom> poms = new LinkedHashMap<>();
    collectPoms("", poms, 0);
    if (poms.size() < 2) {
      return List.of();
    }
    String wrapper = fileSet.contains("mvnw") ? "./mvnw" : "mvn";
    Map<String, String> dirByArtifact = new LinkedHashMap<>();
    poms.values().forEach(p -> dirByArtifact.put(p.artifactId, p.dir));
    Map<String, String> nameByDir = new LinkedHashMap<>();
    poms.values().forEach(p -> nameByDir.put(p.dir, p.artifactId));
    List<Module> modules = new ArrayList<>();
    for (Pom pom : poms.values()) {
      Set<String> deps = new TreeSet<>();
      for (String dependency : pom.dependencies) {
        if (dirByArtifact.containsKey(dependency) && !dependency.equals(pom.artifactId)) {
          deps.add(dependency);
        }
      }
      if (pom.parent != null && dirByArtifact.containsKey(pom.parent)) {
        deps.add(pom.parent);
      }
      List<String> paths;
      List<String> tests;
      if (pom.dir.isEmpty()) {
        paths = List.of("/pom.xml", "/.mvn/", "/mvnw", "/mvnw.cmd");
        tests = List.of(wrapper + " -N verify");
      } else {
        paths = List.of("/" + pom.dir + "/");
        tests = List.of(wrapper + " -pl " + pom.dir + " -am verify");
      }
      modules.add(new Module(pom.artifactId, pom.dir, List.copyOf(deps), tests, paths));
    }
    return modules;
  }

  private void collectPoms(String dir, Map<String, Pom> poms, int depth) {
    String path = dir.isEmpty() ? "pom.xml" : dir + "/pom.xml";
    if (depth > 8 || poms.containsKey(dir) || !fileSet.contains(path)) {
      return;
    }
    String id = ids == null ? null : ids.apply(path);
    String idKey = id == null || id.isEmpty() ? null : dir + "\0" + id;
    if (idKey != null) {
      Pom byId = PARSED_BY_ID.get(idKey);
      if (byId == UNREADABLE) {
        return;
      }
      if (byId != null) {
        poms.put(dir, byId);
        for (String module : byId.modules) {
          collectPoms(normalize(dir.isEmpty() ? module : dir + "/" + module), poms, depth + 1);
        }
        return;
      }
    }
    Optional<String> text = idKey != null ? once.apply(path) : reader.apply(path);
    if (text.isEmpty()) {
      return;
    }
    // known by content only when the object id is not known (the work tree's poms)
    Map<String, Pom> parsed =
        idKey != null
            ? new java.util.HashMap<>()
            : PARSED.computeIfAbsent(dir, d -> new java.util.concurrent.ConcurrentHashMap<>());
    Pom known = idKey != null ? null : parsed.get(text.get());
    if (known != null) {
      poms.put(dir, known);
      for (String module : known.modules) {
        collectPoms(normalize(dir.isEmpty() ? module : dir + "/" + module), poms, depth + 1);
      }
      return;
    }
    Optional<XmlTree.Element> document = XmlTree.parse(text.get());
    if (document.isEmpty()) {
      if (idKey != null) {
        rememberById(idKey, UNREADABLE);
      }
      return;
    }
    XmlTree.Element project = document.get();
    String artifactId = childText(project, "artifactId").orElse(dir.isEmpty() ? "root" : dir);
    Optional<XmlTree.Element> parentElement = child(project, "parent");
    String groupId =
        childText(project, "groupId")
            .or(() -> parentElement.flatMap(p -> childText(p, "groupId")))
            .orElse("");
    String parent = parentElement.flatMap(p -> childText(p, "artifactId")).orElse(null);
    List<String> modules = new ArrayList<>();
    child(project, "modules").ifPresent(m -> modules.addAll(childTexts(m, "module")));
    Set<String> dependencies = new LinkedHashSet<>();
    addUses(project, dependencies);
    child(project, "profiles")
        .ifPresent(
            profiles -> children(profiles, "profile").forEach(p -> addUses(p, dependencies)));
    Pom pom = new Pom(dir, groupId, artifactId, parent, List.copyOf(modules), dependencies);
    if (parsed.size() > 64) {
      parsed.clear();
    }
    parsed.put(text.get(), pom);
    if (idKey != null) {
      rememberById(idKey, pom);
    }
    poms.put(dir, pom);
    for (String module : modules) {
      String moduleDir = normalize(dir.isEmpty() ? module : dir + "/" + module);
      collectPoms(moduleDir, poms, depth + 1);
    }
  }

  /**
   * What a project (or a profile of it) uses: its dependencies, and its build plugins with their
   * own dependencies (a module that runs a sibling module as a plugin depends on it).
   */
  private static void addUses(XmlTree.Element scope, Set<String> uses) {
    child(scope, "dependencies")
        .ifPresent(
            deps ->
                children(deps, "dependency")
                    .forEach(d -> childText(d, "artifactId").ifPresent(uses::add)));
    child(scope, "build")
        .flatMap(build -> child(build, "plugins"))
        .ifPresent(
            plugins ->
                children(plugins, "plugin")
                    .forEach(
                        plugin -> {
                          childText(plugin, "artifactId").ifPresent(uses::add);
                          child(plugin, "dependencies")
                              .ifPresent(
                                  deps ->
                                      children(deps, "dependency")
                                          .forEach(
                                              d ->
                                                  childText(d, "artifactId").ifPresent(uses::add)));
                        }));
  }

  /**
   * Poms already parsed, by folder and content: a long --each range rediscovers the build at every
   * change of a build file, and most poms are unchanged between two discoveries.
   */
  private static final Map<String, Map<String, Pom>> PARSED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Poms already parsed (or found unreadable), by folder and object id: an object id names one
   * content, so a pom a commit did not change is neither read nor parsed again.
   */
  private static final Map<String, Pom> PARSED_BY_ID =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final Pom UNREADABLE = new Pom("", "", "", null, List.of(), Set.of());

  private static void rememberById(String key, Pom pom) {
    if (PARSED_BY_ID.size() > 20_000) {
      PARSED_BY_ID.clear();
    }
    PARSED_BY_ID.put(key, pom);
  }

  private static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..") && !parts.isEmpty()) {
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  private static Optional<XmlTree.Element> child(XmlTree.Element parent, String name) {
    return parent.child(name);
  }

  private static List<XmlTree.Element> children(XmlTree.Element parent, String name) {
    return parent.children(name);
  }

  private static Optional<String> childText(XmlTree.Element parent, String name) {
    return child(parent, name).map(e -> e.textContent().strip()).filter(s -> !s.isEmpty());
  }

  private static List<String> childTexts(XmlTree.Element parent, String name) {
    return children(parent, name).stream()
        .map(e -> e.textContent().strip())
        .filter(s -> !s.isEmpty())
        .toList();
  }

  // ---------------------------------------------------------------- Gradle

  private List<Module> gradle() {
    String settingsFile =
        fileSet.contains("settings.gradle.kts") ? "settings.gradle.kts" : "settings.gradle";
    String settings = reader.apply(settingsFile).orElse("");
    for (String construct : GradleBuild.unreadIncludes(settings)) {
      unread.add(
          settingsFile
              + ": "
              + construct
              + " names its projects by code, not literally: they are not discovered (declare"
              + " them as systems in changetrail.yml)");
    }
    Map<String, String> projects = new LinkedHashMap<>();
    GradleBuild.projects(settings)
        .forEach(
            (project, dir) -> {
              if (!dir.isEmpty() && !dir.startsWith("..")) {
                projects.put(project, dir);
              }
            });
    for (String build : GradleBuild.includedBuilds(settings)) {
      if (!build.isEmpty() && !build.startsWith("..") && !projects.containsValue(build)) {
        projects.putIfAbsent(build.replace('/', ':'), build);
      }
    }
    if (projects.isEmpty()) {
      return List.of();
    }
    String wrapper = fileSet.contains("gradlew") ? "./gradlew" : "gradle";
    String buildFileName = GradleBuild.buildFileName(settings);
    String rootName = Optional.ofNullable(GradleBuild.rootName(settings)).orElse("root");
    while (projects.containsKey(rootName)) {
      rootName = rootName + "-root";
    }
    List<Module> modules = new ArrayList<>();
    // the root build configures every project when it says so (allprojects / subprojects)
    String rootBuild =
        GradleBuild.stripComments(
            reader.apply("build.gradle.kts").or(() -> reader.apply("build.gradle")).orElse(""));
    Set<String> allRoots = new TreeSet<>();
    if (rootBuild.contains("allprojects") || rootBuild.contains("subprojects")) {
      allRoots.add(rootName);
    }
    modules.add(
        new Module(
            rootName,
            "",
            List.of(),
            List.of(wrapper + " check"),
            List.of(
                "/settings.gradle",
                "/settings.gradle.kts",
                "/build.gradle",
                "/build.gradle.kts",
                "/gradle.properties",
                "/gradle/",
                "/gradlew",
                "/gradlew.bat",
                "/buildSrc/",
                "/src/")));
    for (Map.Entry<String, String> entry : projects.entrySet()) {
      String project = entry.getKey();
      String dir = entry.getValue();
      String leaf = project.substring(project.lastIndexOf(':') + 1);
      String build =
          reader
              .apply(dir + "/build.gradle.kts")
              .or(() -> reader.apply(dir + "/build.gradle"))
              .or(
                  () ->
                      buildFileName == null
                          ? Optional.empty()
                          : reader.apply(dir + "/" + String.format(buildFileName, leaf)))
              .orElse("");
      Set<String> deps = new TreeSet<>(GradleBuild.dependencies(build, projects.keySet()));
      deps.remove(project);
      deps.addAll(allRoots);
      modules.add(
          new Module(
              project,
              dir,
              List.copyOf(deps),
              List.of(wrapper + " :" + project + ":test"),
              List.of("/" + dir + "/")));
    }
    return modules;
  }

  // ---------------------------------------------------------------- npm

  private List<Module> npm() {
    ObjectMapper mapper = Json.MAPPER;
    JsonNode root = readJson(mapper, "package.json");
    if (root == null) {
      return List.of();
    }
    JsonNode workspaces = root.path("workspaces");
    if (workspaces.isObject()) {
      workspaces = workspaces.path("packages");
    }
    List<String> patterns = new ArrayList<>();
    if (workspaces.isArray()) {
      workspaces.forEach(w -> patterns.add(w.asText()));
    } else {
      // pnpm (pnpm-workspace.yaml) and lerna (lerna.json) name the packages themselves
      reader.apply("pnpm-workspace.yaml").ifPresent(text -> patterns.addAll(pnpmPackages(text)));
      if (patterns.isEmpty()) {
        JsonNode lerna = readJson(mapper, "lerna.json");
        if (lerna != null && lerna.path("packages").isArray()) {
          lerna.path("packages").forEach(w -> patterns.add(w.asText()));
        }
      }
    }
    if (patterns.isEmpty()) {
      return List.of();
    }
    List<PathGlob> globs = new ArrayList<>();
    for (String pattern : patterns) {
      String clean = pattern.strip().replaceFirst("^\\./", "").replaceFirst("/+$", "");
      if (!clean.isEmpty() && !clean.startsWith("!")) {
        globs.add(PathGlob.compile("/" + clean + "/package.json"));
      }
    }
    Map<String, String> dirByName = new LinkedHashMap<>();
    Map<String, JsonNode> manifests = new LinkedHashMap<>();
    for (String file : files) {
      if (!file.endsWith("/package.json") || file.contains("node_modules/")) {
        continue;
      }
      if (globs.stream().anyMatch(g -> g.matches(file))) {
        JsonNode manifest = readJson(mapper, file);
        if (manifest != null && manifest.hasNonNull("name")) {
          String dir = file.substring(0, file.length() - "/package.json".length());
          dirByName.put(manifest.get("name").asText(), dir);
          manifests.put(manifest.get("name").asText(), manifest);
        }
      }
    }
    List<Module> modules = new ArrayList<>();
    if (!manifests.isEmpty()) {
      // the root: its manifest, lockfiles and workspace files
      String rootName = root.path("name").asText("root");
      if (rootName.isBlank() || manifests.containsKey(rootName)) {
        rootName = "root";
      }
      modules.add(
          new Module(
              rootName,
              "",
              List.of(),
              List.of("npm test"),
              List.of(
                  "/package.json",
                  "/package-lock.json",
                  "/npm-shrinkwrap.json",
                  "/yarn.lock",
                  "/.yarnrc.yml",
                  "/pnpm-lock.yaml",
                  "/pnpm-workspace.yaml",
                  "/lerna.json",
                  "/.npmrc",
                  "/.nvmrc")));
    }
    for (Map.Entry<String, JsonNode> entry : manifests.entrySet()) {
      Set<String> deps = new TreeSet<>();
      for (String section : List.of("dependencies", "devDependencies", "peerDependencies")) {
        Iterator<String> names = entry.getValue().path(section).fieldNames();
        while (names.hasNext()) {
          String name = names.next();
          if (dirByName.containsKey(name) && !name.equals(entry.getKey())) {
            deps.add(name);
          }
        }
      }
      String dir = dirByName.get(entry.getKey());
      modules.add(
          new Module(
              entry.getKey(),
              dir,
              List.copyOf(deps),
              List.of("npm test -w " + dir),
              List.of("/" + dir + "/")));
    }
    return modules;
  }

  /** The entries of the {@code packages:} list of a pnpm-workspace.yaml. */
  static List<String> pnpmPackages(String yaml) {
    List<String> out = new ArrayList<>();
    boolean inPackages = false;
    for (String line : yaml.split("\n")) {
      String stripped = line.replaceFirst("\\s+#.*$", "");
      if (stripped.isBlank() || stripped.strip().startsWith("#")) {
        continue;
      }
      if (!Character.isWhitespace(stripped.charAt(0)) && !stripped.startsWith("-")) {
        inPackages = stripped.startsWith("packages:");
        continue;
      }
      String item = stripped.strip();
      if (inPackages && item.startsWith("-")) {
        out.add(item.substring(1).strip().replaceAll("^[\"']|[\"']$", ""));
      }
    }
    return out;
  }

  private JsonNode readJson(ObjectMapper mapper, String path) {
    try {
      Optional<String> text = reader.apply(path);
      return text.isPresent() ? mapper.readTree(text.get()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- Go

  private static final Pattern GO_MODULE = Pattern.compile("(?m)^module\\s+(\\S+)");
  private static final Pattern GO_REQUIRE =
      Pattern.compile("(?m)^\\s*(?:require\\s+)?([\\w.\\-/]+)\\s+v\\S+");

  private List<Module> go() {
    Map<String, String> dirByModule = new LinkedHashMap<>();
    Map<String, String> contents = new LinkedHashMap<>();
    for (String file : files) {
      if (file.equals("go.mod") || file.endsWith("/go.mod")) {
        Optional<String> text = reader.apply(file);
        if (text.isEmpty()) {
          continue;
        }
        Matcher module = GO_MODULE.matcher(text.get());
        if (module.find()) {
          String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
          dirByModule.put(module.group(1), dir);
          contents.put(module.group(1), text.get());
        }
      }
    }
    if (dirByModule.size() < 2) {
      return List.of();
    }
    List<Module> modules = new ArrayList<>();
    for (Map.Entry<String, String> entry : dirByModule.entrySet()) {
      Set<String> deps = new TreeSet<>();
      Matcher require = GO_REQUIRE.matcher(contents.get(entry.getKey()));
      while (require.find()) {
        if (dirByModule.containsKey(require.group(1)) && !require.group(1).equals(entry.getKey())) {
          deps.add(shortName(require.group(1), dirByModule));
        }
      }
      String dir = entry.getValue();
      modules.add(
          new Module(
              shortName(entry.getKey(), dirByModule),
              dir,
              List.copyOf(deps),
              List.of(dir.isEmpty() ? "go test ./..." : "(cd " + dir + " && go test ./...)"),
              List.of(dir.isEmpty() ? "/**" : "/" + dir + "/")));
    }
    return modules;
  }

  private static String shortName(String modulePath, Map<String, String> dirByModule) {
    String dir = dirByModule.get(modulePath);
    return dir == null || dir.isEmpty()
        ? modulePath.substring(modulePath.lastIndexOf('/') + 1)
        : dir;
  }

  // ---------------------------------------------------------------- folders

  private List<Module> folders() {
    List<Module> modules = new ArrayList<>();
    for (String dir : new TreeSet<>(topLevelFolders)) {
      if (dir.startsWith(".")) {
        continue;
      }
      modules.add(new Module(dir, dir, List.of(), List.of(), List.of("/" + dir + "/")));
    }
    return modules;
  }
}
