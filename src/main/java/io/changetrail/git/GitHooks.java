package io.changetrail.git;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The hooks folder of a repository, where git looks for them ({@code core.hooksPath} honoured).
 * Writes are atomic: a hook is written to a temporary file beside it and moved in place.
 */
public final class GitHooks {
  private final Path directory;

  GitHooks(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  public Optional<String> read(String name) {
    Path file = directory.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw failure("read", file, e);
    }
  }

  public boolean exists(String name) {
    return Files.exists(directory.resolve(name));
  }

  /** Writes an executable hook, replacing what is there. */
  public void write(String name, String script) {
    Path file = directory.resolve(name);
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, "." + name + "-", ".tmp");
      try {
        Files.writeString(temp, script, StandardCharsets.UTF_8);
        try {
          Files.setPosixFilePermissions(
              temp,
              EnumSet.of(
                  PosixFilePermission.OWNER_READ,
                  PosixFilePermission.OWNER_WRITE,
                  PosixFilePermission.OWNER_EXECUTE,
                  PosixFilePermission.GROUP_READ,
                  PosixFilePermission.GROUP_EXECUTE,
                  PosixFilePermission.OTHERS_READ,
                  PosixFilePermission.OTHERS_EXECUTE));
        } catch (UnsupportedOperationException e) {
          temp.toFile().setExecutable(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw failure("write", file, e);
    }
  }

  /** Renames a hook (keeping an existing hook as {@code <name>.local}, or restoring it). */
  public void rename(String from, String to) {
    try {
      Files.move(directory.resolve(from), directory.resolve(to), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw failure("rename", directory.resolve(from), e);
    }
  }

  public void delete(String name) {
    try {
      Files.deleteIfExists(directory.resolve(name));
    } catch (IOException e) {
      throw failure("delete", directory.resolve(name), e);
    }
  }

  private static ChangeTrailException failure(String what, Path file, IOException e) {
    return new ChangeTrailException(
        Problem.IO,
        "cannot " + what + " " + file + ": " + e.getMessage(),
        "check the folder's permissions");
  }
}
