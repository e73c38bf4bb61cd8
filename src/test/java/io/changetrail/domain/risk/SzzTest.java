package io.changetrail.domain.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SzzTest {
  private final FixDetector fixes = new FixDetector();

  @Test
  void fixesAreFoundByTypeConventionKeywordAndTrailer() {
    assertThat(fixes.fixEvidence("BUGFIX: rounding of fees")).contains("declared type");
    assertThat(fixes.fixEvidence("fix(router): stale quotes")).contains("conventional commit");
    assertThat(fixes.fixEvidence("Handle empty books\n\nFixes: PROJ-123"))
        .contains("ticket trailer");
    assertThat(fixes.fixEvidence("Closes #42")).contains("ticket trailer");
    assertThat(fixes.fixEvidence("NPE when the venue is down")).contains("keyword");
    assertThat(fixes.isFix("FEATURE: iceberg orders")).isFalse();
    assertThat(fixes.isFix("Add prefix handling")).isFalse();
  }

  @Test
  void refactoringOnlyFixesAreNotTraced() {
    assertThat(fixes.traced("fix: typo in the log message")).isFalse();
    assertThat(fixes.traced("Fix checkstyle violations")).isFalse();
    assertThat(fixes.traced("fix: lost fills on reconnect")).isTrue();
  }

  @Test
  void blankCommentAndPunctuationLinesAreNotTraced() {
    assertThat(Szz.traced("    return a - b;")).isTrue();
    assertThat(Szz.traced("   ")).isFalse();
    assertThat(Szz.traced("  // the fee")).isFalse();
    assertThat(Szz.traced("   * javadoc")).isFalse();
    assertThat(Szz.traced("# comment")).isFalse();
    assertThat(Szz.traced("  }")).isFalse();
    assertThat(Szz.traced("import java.util.List;")).isFalse();
  }

  @Test
  void testsAndDocumentationAreNotBlamedAndTheBiggestFilesComeFirst() {
    List<Szz.BlameTarget> targets =
        Szz.targets(
            List.of(
                hunks("src/main/java/A.java", 2),
                hunks("src/main/java/B.java", 5),
                hunks("src/test/java/ATest.java", 9),
                hunks("README.md", 9)));
    assertThat(targets)
        .extracting(Szz.BlameTarget::parentPath)
        .containsExactly("src/main/java/B.java", "src/main/java/A.java");
  }

  @Test
  void largeFixesAreBounded() {
    List<Szz.FileHunks> many = new ArrayList<>();
    for (int i = 0; i < Szz.MAX_FIX_FILES + 1; i++) {
      many.add(hunks("src/F" + i + ".java", 1));
    }
    assertThat(Szz.targets(many)).isEmpty();
    List<Szz.FileHunks> some = many.subList(0, Szz.MAX_BLAMED_FILES + 5);
    assertThat(Szz.targets(some)).hasSize(Szz.MAX_BLAMED_FILES);
    assertThat(
            Szz.targets(List.of(hunks("src/Big.java", Szz.MAX_BLAMED_LINES + 50))).get(0).lines())
        .hasSize(Szz.MAX_BLAMED_LINES);
  }

  @Test
  void aDeletedLineTheFixAddsBackUnchangedElsewhereIsAMoveNotAChange() {
    // line 4 comes back unchanged (a move), line 9 only re-indented: still traced
    Szz.FileHunks book =
        new Szz.FileHunks(
            "src/main/java/Book.java",
            "src/main/java/Book.java",
            List.of(
                new Szz.DeletedLine(4, "    int levels = bids + asks;"),
                new Szz.DeletedLine(9, "    return bid - ask;")),
            List.of("    int levels = bids + asks;", "      return bid - ask;"));
    Szz.FileHunks moved =
        new Szz.FileHunks(
            "src/main/java/Depth.java",
            "src/main/java/Depth.java",
            List.of(new Szz.DeletedLine(2, "    return levels * 2;")),
            List.of());
    Szz.FileHunks other =
        new Szz.FileHunks(
            null, "src/main/java/Levels.java", List.of(), List.of("    return levels * 2;"));

    List<Szz.BlameTarget> targets = Szz.targets(List.of(book, moved, other));

    assertThat(targets).hasSize(1);
    assertThat(targets.get(0).lines()).containsExactly(9);
  }

  @Test
  void consecutiveLinesBecomeOneRange() {
    assertThat(Szz.ranges(List.of(7, 3, 4, 5, 9)))
        .containsExactly(new int[] {3, 5}, new int[] {7, 7}, new int[] {9, 9});
  }

  private static Szz.FileHunks hunks(String path, int lines) {
    List<Szz.DeletedLine> deleted = new ArrayList<>();
    for (int i = 1; i <= lines; i++) {
      deleted.add(new Szz.DeletedLine(i, "x = " + i + ";"));
    }
    return new Szz.FileHunks(path, path, deleted);
  }
}
