package io.changetrail.app.hooks;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How a hook starts ChangeTrail: the command's words, and a file it needs (when that file is gone,
 * the hook falls back to {@code changetrail} on the PATH).
 *
 * @param words the command, one word each
 * @param mustExist the jar or classes folder the command needs; empty when nothing is checked
 * @param classArchive where the JVM's class archive (AppCDS) for a fast start is kept, if any
 */
public record Launcher(List<String> words, String mustExist, Optional<Path> classArchive) {
  /**
   * JVM options that make a short command such as lint start fast: C1 only, the serial collector,
   * and (as the {@code ./changetrail} launcher does for the jar it runs) no bytecode verification
   * of the jar, whose picocli classes would otherwise need the slow verifier on every commit.
   */
  public static final List<String> FAST_START =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xshare:auto",
          "-XX:+UnlockDiagnosticVMOptions",
          "-XX:-BytecodeVerificationRemote");

  private static final String SAMPLE =
      "BUGFIX: warm up the class archive\n\n## Context and Rationale\nStart-up.\n\n"
          + "## Testing and Verification\n- ✅ none\n";

  public Launcher {
    words = List.copyOf(words);
  }

  /**
   * The JVM running now, with the jar (or class path) it was started from; with an archive path,
   * the JVM maps its classes from a class archive made at install time (silently ignored when the
   * archive is missing or stale).
   */
  public static Launcher current(
      Path javaHome, Path codeSource, String classPath, Optional<Path> classArchive) {
    List<String> words = new ArrayList<>();
    words.add(javaHome.resolve("bin").resolve("java").toString());
    words.addAll(FAST_START);
    classArchive.ifPresent(
        archive -> {
          words.add("-XX:SharedArchiveFile=" + archive);
          words.add("-Xlog:cds=off");
          words.add("-Xlog:cds+dynamic=off");
        });
    if (codeSource.toString().endsWith(".jar")) {
      words.add("-jar");
      words.add(codeSource.toString());
    } else {
      words.add("-cp");
      words.add(classPath);
      words.add("io.changetrail.cli.Main");
    }
    return new Launcher(words, codeSource.toString(), classArchive);
  }

  /** A command given by the user, words separated by spaces. */
  public static Launcher command(String command) {
    return new Launcher(Arrays.asList(command.strip().split("\\s+")), "", Optional.empty());
  }

  /**
   * Makes the class archive: one lint in {@code directory} with the JVM listing the classes it
   * loads, then a static archive of exactly those ({@code -Xshare:dump}), JDK classes and lambda
   * forms included; it starts the hook's lint sooner than a dynamic archive on top of the JDK's
   * (bench/RESULTS.md). Written beside the archive and moved into place. Best effort: the hooks
   * work without it, only slower to start.
   *
   * @return whether the archive was made
   */
  boolean makeClassArchive(Path directory) {
    if (classArchive.isEmpty()) {
      return false;
    }
    Path archive = classArchive.get();
    Path sample = null;
    Path list = null;
    Path made = null;
    try {
      Files.createDirectories(archive.getParent());
      Files.deleteIfExists(archive);
      sample = Files.createTempFile("changetrail-sample-", ".txt");
      list = Files.createTempFile(archive.getParent(), "changetrail-", ".classlist");
      made = archive.resolveSibling(archive.getFileName() + ".tmp");
      Files.writeString(sample, SAMPLE, StandardCharsets.UTF_8);
      List<String> lint = new ArrayList<>();
      String classPath = null;
      for (int i = 0; i < words.size(); i++) {
        String word = words.get(i);
        if (word.startsWith("-XX:SharedArchiveFile=")) {
          lint.add("-XX:DumpLoadedClassList=" + list);
        } else if (!word.startsWith("-Xlog:cds")) {
          lint.add(word);
        }
        if ((word.equals("-jar") || word.equals("-cp")) && i + 1 < words.size()) {
          classPath = words.get(i + 1);
        }
      }
      lint.addAll(List.of("lint", "--file", sample.toString()));
      if (classPath == null || !run(lint, directory) || Files.size(list) == 0) {
        return false;
      }
      List<String> dump =
          List.of(
              words.get(0),
              "-Xshare:dump",
              "-XX:SharedClassListFile=" + list,
              "-XX:SharedArchiveFile=" + made,
              "-Xlog:cds=off",
              "-cp",
              classPath);
      if (!run(dump, directory) || !Files.isRegularFile(made)) {
        return false;
      }
      Files.move(
          made,
          archive,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChangeTrailException(Problem.IO, "interrupted while preparing the hooks", "");
    } finally {
      for (Path temporary : new Path[] {sample, list, made}) {
        if (temporary != null) {
          try {
            Files.deleteIfExists(temporary);
          } catch (IOException ignored) {
            // a temporary file left behind costs nothing but space
          }
        }
      }
    }
  }

  private static boolean run(List<String> command, Path directory)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return false;
    }
    return true;
  }
}
