package io.changetrail.app.hooks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a hook starts ChangeTrail: the command's words, and a file it needs (when that file is gone,
 * the hook falls back to {@code changetrail} on the PATH).
 *
 * @param words the command, one word each
 * @param mustExist the jar or classes folder the command needs; empty when nothing is checked
 */
public record Launcher(List<String> words, String mustExist) {
  /** JVM options that make a short command such as lint start fast. */
  public static final List<String> FAST_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  public Launcher {
    words = List.copyOf(words);
  }

  /** The JVM running now, with the jar (or class path) it was started from. */
  public static Launcher current(Path javaHome, Path codeSource, String classPath) {
    List<String> words = new ArrayList<>();
    words.add(javaHome.resolve("bin").resolve("java").toString());
    words.addAll(FAST_START);
    if (codeSource.toString().endsWith(".jar")) {
      words.add("-jar");
      words.add(codeSource.toString());
    } else {
      words.add("-cp");
      words.add(classPath);
      words.add("io.changetrail.cli.Main");
    }
    return new Launcher(words, codeSource.toString());
  }

  /** A command given by the user, words separated by spaces. */
  public static Launcher command(String command) {
    return new Launcher(Arrays.asList(command.strip().split("\\s+")), "");
  }
}
