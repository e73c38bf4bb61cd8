package io.changetrail.domain.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  private static final String DIFF =
      "diff --git a/router/Router.java b/router/Router.java\n"
          + "index 1111111..2222222 100644\n"
          + "--- a/router/Router.java\n"
          + "+++ b/router/Router.java\n"
          + "@@ -1,3 +1,3 @@ class Router\n"
          + " class Router {\n"
          + "-  int ttl = 5;\n"
          + "+  int ttl = 1;\n"
          + " }\n"
          + "@@ -10,2 +10,3 @@\n"
          + " a\n"
          + "+b\n"
          + " c\n"
          + "\\ No newline at end of file\n"
          + "diff --git a/old.txt b/new.txt\n"
          + "similarity index 90%\n"
          + "rename from old.txt\n"
          + "rename to new.txt\n"
          + "diff --git a/gone.sql b/gone.sql\n"
          + "deleted file mode 100644\n"
          + "--- a/gone.sql\n"
          + "+++ /dev/null\n"
          + "@@ -1 +0,0 @@\n"
          + "-DROP TABLE t;\n"
          + "diff --git a/logo.png b/logo.png\n"
          + "new file mode 100644\n"
          + "Binary files /dev/null and b/logo.png differ\n";

  @Test
  void filesHunksAndLineNumbersAreRead() {
    List<UnifiedDiff.File> files = UnifiedDiff.parse(DIFF);
    assertThat(files)
        .extracting(UnifiedDiff.File::path, UnifiedDiff.File::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("router/Router.java", "modified"),
            org.assertj.core.groups.Tuple.tuple("new.txt", "renamed"),
            org.assertj.core.groups.Tuple.tuple("gone.sql", "deleted"),
            org.assertj.core.groups.Tuple.tuple("logo.png", "added"));
    UnifiedDiff.File router = files.get(0);
    assertThat(router.hunks()).hasSize(2);
    assertThat(router.added()).isEqualTo(2);
    assertThat(router.removed()).isEqualTo(1);
    assertThat(router.hunks().get(0).lines())
        .containsExactly(
            new UnifiedDiff.Line(' ', "class Router {", 1, 1),
            new UnifiedDiff.Line('-', "  int ttl = 5;", 2, 0),
            new UnifiedDiff.Line('+', "  int ttl = 1;", 0, 2),
            new UnifiedDiff.Line(' ', "}", 3, 3));
    assertThat(router.hunks().get(1).lines().get(1))
        .isEqualTo(new UnifiedDiff.Line('+', "b", 0, 11));
    assertThat(router.hunks().get(1).lines().get(3).kind()).isEqualTo('\\');
    assertThat(files.get(1).oldPath()).isEqualTo("old.txt");
    assertThat(files.get(2).hunks().get(0).lines()).hasSize(1);
    assertThat(files.get(3).binary()).isTrue();
  }

  @Test
  void forgeLinksEncodeWhatTheyCarry() {
    ForgeLinks forge =
        new ForgeLinks(
            "https://git.example/acme/commit/{sha}", "https://git.example/acme/blob/{sha}/{path}");
    assertThat(forge.commit("abc123")).contains("https://git.example/acme/commit/abc123");
    assertThat(forge.file("abc", "dir/a b#?.java"))
        .contains("https://git.example/acme/blob/abc/dir/a%20b%23%3F.java");
    assertThat(forge.file("abc", "é/x")).contains("https://git.example/acme/blob/abc/%C3%A9/x");
    assertThat(ForgeLinks.NONE.commit("abc")).isEmpty();
  }
}
