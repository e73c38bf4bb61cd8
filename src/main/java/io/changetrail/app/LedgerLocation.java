package io.changetrail.app;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.git.GitRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Where a repository's ledger lives, in order: {@code --ledger URL}, the {@code CHANGETRAIL_LEDGER}
 * environment variable, {@code ledger: url:} in changetrail.yml, else SQLite at {@code <git
 * dir>/changetrail/ledger.db}. A value that is not a JDBC URL is a SQLite file path.
 */
public final class LedgerLocation {
  private LedgerLocation() {}

  /** The JDBC URL of the ledger of {@code repository}. */
  public static String resolve(Optional<String> option, GitRepository repository) {
    Optional<String> chosen =
        option
            .or(() -> Optional.ofNullable(System.getenv("CHANGETRAIL_LEDGER")))
            .filter(s -> !s.isBlank())
            .or(() -> configured(repository.root()));
    if (chosen.isPresent()) {
      return toUrl(chosen.get(), repository.root());
    }
    Path dir = repository.gitDir().resolve("changetrail");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.LEDGER_UNAVAILABLE,
          "cannot create the ledger folder " + dir + ": " + e.getMessage(),
          "check the permissions of the .git folder, or point --ledger elsewhere");
    }
    return "jdbc:sqlite:" + dir.resolve("ledger.db");
  }

  /** The JDBC URL for a value given without a repository (a URL, or a SQLite file path). */
  public static String toUrl(String value, Path base) {
    if (value.startsWith("jdbc:")) {
      return value;
    }
    if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "'" + value + "' is not a JDBC URL",
          "write it as jdbc:postgresql://HOST:PORT/DB?user=U&password=P");
    }
    Path file = base.resolve(value).toAbsolutePath().normalize();
    return "jdbc:sqlite:" + file;
  }

  private static Optional<String> configured(Path root) {
    Path file = root.resolve("changetrail.yml");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Object loaded =
          new Load(LoadSettings.builder().build())
              .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
      if (loaded instanceof Map<?, ?> top && top.get("ledger") instanceof Map<?, ?> ledger) {
        Object url = ledger.get("url");
        if (url instanceof String text && !text.isBlank()) {
          return Optional.of(text);
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an invalid file is reported by the configuration loader
    }
  }
}
