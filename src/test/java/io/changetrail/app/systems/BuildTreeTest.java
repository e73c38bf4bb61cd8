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

  @Test
  void theBlobIdsOfTheLogGiveTheTreesThatLookingTheFilesUpGives() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file("pom.xml", "<project><modules><module>a</module></modules></project>")
        .file("a/pom.xml", "<project><artifactId>a</artifactId></project>")
        .file("a/src/A.java", "class A {}\n")
        .commit("GENERAL: a build");
    repo.file("b/pom.xml", "<project><artifactId>b</artifactId></project>")
        .file("a/pom.xml", "<project><artifactId>a2</artifactId></project>")
        .commit("GENERAL: a module appears, another changes");
    repo.move("b/pom.xml", "c/pom.xml").commit("GENERAL: a pom moves");
    repo.delete("a/pom.xml")
        .file("d/build.gradle", "// d\n")
        .commit("GENERAL: one goes, one comes");
    repo.file("c/pom.xml", "<project><artifactId>c</artifactId></project>")
        .delete("a/src/A.java")
        .commit("GENERAL: a folder empties");

    GitRepository git = GitRepository.open(dir);
    List<String> checked = new ArrayList<>();
    try (BlobReader blobs = git.blobReader()) {
      git.eachCommit(
          "HEAD",
          0,
          (change, ids) -> {
            var commit = change.commits().get(0);
            if (commit.parents().isEmpty()) {
              return;
            }
            String parent = commit.parents().get(0);
            BuildTree tip = BuildTree.at(git, blobs, commit.sha());
            BuildTree base = BuildTree.at(git, blobs, parent);
            BuildTree before = tip.before(change.files(), ids);
            BuildTree after = base.after(change.files(), ids);
            for (BuildTree[] pair :
                List.of(
                    new BuildTree[] {before, base},
                    new BuildTree[] {tip.before(change.files(), parent), base},
                    new BuildTree[] {after, tip})) {
              assertThat(pair[0].files()).as(commit.message()).isEqualTo(pair[1].files());
              assertThat(pair[0].topLevelFolders()).isEqualTo(pair[1].topLevelFolders());
              assertThat(pair[0].key()).isEqualTo(pair[1].key());
              for (String path : pair[1].files()) {
                assertThat(pair[0].read(path)).as(path).isEqualTo(pair[1].read(path));
              }
            }
            checked.add(commit.message());
          },
          skipped -> {
            throw new AssertionError(skipped.toString());
          });
    }
    assertThat(checked).hasSize(4);
  }
}
