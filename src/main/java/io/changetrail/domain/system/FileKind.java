package io.changetrail.domain.system;

import java.util.Locale;
import java.util.Set;

/** What role a file plays, judged from its path alone. */
public enum FileKind {
  PRODUCTION,
  TEST,
  DOCUMENTATION,
  CONFIGURATION,
  BUILD;

  private static final Set<String> BUILD_FILES =
      Set.of(
          "pom.xml",
          "build.gradle",
          "build.gradle.kts",
          "settings.gradle",
          "settings.gradle.kts",
          "gradle.properties",
          "package.json",
          "package-lock.json",
          "yarn.lock",
          "pnpm-lock.yaml",
          "pnpm-workspace.yaml",
          "go.mod",
          "go.sum",
          "go.work",
          "cargo.toml",
          "cargo.lock",
          "requirements.txt",
          "pyproject.toml",
          "makefile",
          "mvnw",
          "mvnw.cmd",
          "gradlew",
          "gradlew.bat");

  private static final Set<String> DOC_EXTENSIONS = Set.of("md", "adoc", "rst", "asciidoc");
  private static final Set<String> DOC_NAMES =
      Set.of("readme", "license", "changelog", "contributing", "notice", "authors", "codeowners");
  private static final Set<String> CONFIG_EXTENSIONS =
      Set.of(
          "yml", "yaml", "properties", "conf", "cfg", "ini", "toml", "env", "json", "hocon", "cnf");

  /** Classifies one path. Tests win over documentation, documentation over configuration. */
  public static FileKind of(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    String name = lower.substring(lower.lastIndexOf('/') + 1);
    String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    String baseName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    if (isTest(lower, name)) {
      return TEST;
    }
    if (DOC_EXTENSIONS.contains(extension)
        || DOC_NAMES.contains(baseName)
        || lower.startsWith("docs/")
        || lower.startsWith("doc/")
        || lower.contains("/docs/")) {
      return DOCUMENTATION;
    }
    if (BUILD_FILES.contains(name)
        || lower.startsWith(".mvn/")
        || lower.startsWith("gradle/")
        || lower.startsWith(".github/")
        || name.equals(".gitlab-ci.yml")
        || name.equals("jenkinsfile")) {
      return BUILD;
    }
    if (CONFIG_EXTENSIONS.contains(extension)
        || lower.startsWith("config/")
        || lower.contains("/config/")
        || name.equals(".editorconfig")
        || name.equals(".gitignore")
        || name.equals(".gitattributes")) {
      return CONFIGURATION;
    }
    return PRODUCTION;
  }

  private static final Set<String> LOCKFILES =
      Set.of(
          "package-lock.json",
          "npm-shrinkwrap.json",
          "yarn.lock",
          "pnpm-lock.yaml",
          "bun.lockb",
          "bun.lock",
          "go.sum",
          "go.work.sum",
          "cargo.lock",
          "gemfile.lock",
          "composer.lock",
          "pipfile.lock",
          "poetry.lock",
          "uv.lock",
          "packages.lock.json",
          "gradle.lockfile");

  /**
   * A lockfile: written by the package manager, not by a person (its lines are not lines to
   * review). Gradle's per-configuration {@code *.lockfile} files count too.
   */
  public static boolean isLockfile(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return LOCKFILES.contains(name) || name.endsWith(".lockfile");
  }

  private static final Set<String> TEST_SOURCE_EXTENSIONS = Set.of("java", "kt", "scala", "groovy");
  private static final Set<String> SCRIPT_EXTENSIONS = Set.of("js", "ts", "jsx", "tsx");

  /**
   * A test's file name: {@code *Test.java}, {@code *Tests.kt}, {@code *IT.scala}, {@code
   * *.test.ts}, {@code *.spec.jsx}, {@code test_*.py}, {@code *_test.py} (the name lower-cased).
   */
  static boolean isTestName(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    String extension = name.substring(dot + 1);
    String stem = name.substring(0, dot);
    if (TEST_SOURCE_EXTENSIONS.contains(extension)) {
      return stem.endsWith("test") || stem.endsWith("tests") || stem.endsWith("it");
    }
    if (SCRIPT_EXTENSIONS.contains(extension)) {
      return stem.endsWith(".test") || stem.endsWith(".spec");
    }
    if (extension.equals("py")) {
      return (name.startsWith("test_") && name.length() >= 8) || name.endsWith("_test.py");
    }
    return false;
  }

  private static boolean isTest(String lower, String name) {
    return lower.contains("/src/test/")
        || lower.startsWith("src/test/")
        || lower.startsWith("test/")
        || lower.startsWith("tests/")
        || lower.contains("/test/")
        || lower.contains("/tests/")
        || lower.contains("/__tests__/")
        || lower.contains("/testdata/")
        || name.endsWith("_test.go")
        || isTestName(name);
  }
}
