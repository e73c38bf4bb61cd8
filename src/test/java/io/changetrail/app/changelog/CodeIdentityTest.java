package io.changetrail.app.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build that keys the entries cache is told by its content: the same jar copied elsewhere (a CI
 * job's download, with new file times) keeps the cache; another jar of the same size and time does
 * not.
 */
class CodeIdentityTest {
  @TempDir Path dir;

  private Path jar(String name, String classContent, long time) throws IOException {
    Path jar = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      ZipEntry entry = new ZipEntry("io/changetrail/Classifier.class");
      entry.setTime(0);
      out.putNextEntry(entry);
      out.write(classContent.getBytes(StandardCharsets.US_ASCII));
      out.closeEntry();
    }
    Files.setLastModifiedTime(jar, FileTime.fromMillis(time));
    return jar;
  }

  @Test
  void theSameJarCopiedWithOtherTimesIsTheSameBuild() throws IOException {
    String built = WriteChangelog.codeIdentity(jar("built.jar", "rules v1", 1_000_000));
    String copied = WriteChangelog.codeIdentity(jar("copied.jar", "rules v1", 9_000_000));
    assertThat(built).isNotNull().startsWith("jar:").isEqualTo(copied);
  }

  @Test
  void anotherJarOfTheSameSizeAndTimeIsAnotherBuild() throws IOException {
    Path one = jar("one.jar", "rules v1", 1_000_000);
    Path two = jar("two.jar", "rules v2", 1_000_000);
    assertThat(Files.size(one)).isEqualTo(Files.size(two));
    assertThat(WriteChangelog.codeIdentity(one)).isNotEqualTo(WriteChangelog.codeIdentity(two));
  }

  @Test
  void classFoldersAreToldByTheirClassesContent() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes/io/changetrail"));
    Path file = classes.resolve("Classifier.class");
    Files.writeString(file, "rules v1");
    String before = WriteChangelog.codeIdentity(dir.resolve("classes"));
    Files.setLastModifiedTime(file, FileTime.fromMillis(5_000));
    assertThat(WriteChangelog.codeIdentity(dir.resolve("classes"))).isEqualTo(before);
    Files.writeString(file, "rules v2");
    Files.setLastModifiedTime(file, FileTime.fromMillis(5_000));
    assertThat(WriteChangelog.codeIdentity(dir.resolve("classes"))).isNotEqualTo(before);
  }
}
