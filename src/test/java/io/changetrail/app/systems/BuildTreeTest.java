package io.changetrail.app.systems;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.git.BlobReader;
import io.changetrail.git.GitRepository;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit's build files, read tree object by tree object, are those git ls-tree lists. */
class BuildTreeTest {
  @TempDir Path dir;

  @Test
  void aCommitsBuildFilesAndFoldersAreThoseOfGitLsTree() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file("pom.xml", "<project/>")
        .file("mvnw", "#!/bin/sh\n")
        .file("a/pom.xml", "<project><artifactId>a</artifactId></project>")
        .file("a/src/main/java/A.java", "class A {}\n")
        .file("a/b/c/build.gradle.kts", "plugins {}\n")
        .file("a/mvnw", "not the wrapper: only at the root\n")
        .file("web/node_modules/x/package.json", "{}")
        .file("web/package.json", "{\"workspaces\":[]}")
        .file("docs/readme.md", "# docs\n")
        .file("z.gradle", "// a script at the root\n")
        .commit("GENERAL: a tree with build files at several depths");
    String first = repo.head();
    repo.file("a/b/c/build.gradle.kts", "plugins { java }\n")
        .delete("docs/readme.md")
        .file("go/go.mod", "module x\n")
        .commit("GENERAL: some of them change");
    String second = repo.head();

    GitRepository git = GitRepository.open(dir);
    try (BlobReader blobs = git.blobReader()) {
      for (String commit : List.of(first, second, first)) {
        BuildTree tree = BuildTree.at(git, blobs, commit);
        List<String> expected = new ArrayList<>();
        Set<String> folders = new TreeSet<>();
        for (String path : repo.git("ls-tree", "-r", "--name-only", commit).split("\n")) {
          if (BuildTree.isBuildFile(path)) {
            expected.add(path);
          }
          if (path.indexOf('/') > 0) {
            folders.add(path.substring(0, path.indexOf('/')));
          }
        }
        assertThat(tree.files()).as(commit).containsExactlyElementsOf(expected);
        assertThat(tree.topLevelFolders()).as(commit).containsExactlyElementsOf(folders);
        for (String path : expected) {
          assertThat(tree.read(path)).as(path).contains(repo.git("show", commit + ":" + path));
        }
      }
      assertThat(BuildTree.at(git, blobs, second).files())
          .contains("go/go.mod", "a/b/c/build.gradle.kts")
          .doesNotContain("a/mvnw", "web/node_modules/x/package.json");
    }
  }
}
