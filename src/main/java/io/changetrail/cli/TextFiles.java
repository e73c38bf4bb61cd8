package io.changetrail.cli;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The text files commands read (a message, a change document) and write (--output). */
final class TextFiles {
  private TextFiles() {}

  /** Reads a UTF-8 file named by the user; a missing or unreadable file is invalid input. */
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "cannot read " + file + ": " + e.getMessage(),
          "check the path; the file must be UTF-8");
    }
  }

  /** Writes to a temporary file beside {@code target} and moves it in place: never half-written. */
  static void writeAtomically(Path target, String text) {
    try {
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".changetrail-", ".tmp");
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO,
          "cannot write " + target + ": " + e.getMessage(),
          "check the folder and its permissions");
    }
  }
}
