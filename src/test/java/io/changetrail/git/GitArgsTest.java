package io.changetrail.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.ChangeTrailException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The one way git arguments are built: values never land where git reads options. */
class GitArgsTest {
  @Property
  void anythingStartingWithADashIsRefusedAsARevision(@ForAll @StringLength(max = 30) String rest) {
    for (String value : List.of("-" + rest, "HEAD..-" + rest, "main...-" + rest)) {
      assertThatThrownBy(() -> GitArgs.git("log").revision(value))
          .isInstanceOf(ChangeTrailException.class);
    }
  }

  @Property
  void revisionsAlwaysFollowTheEndOfOptionsMarker(
      @ForAll("revisions") String revision, @ForAll("revisions") String other) {
    List<String> args = GitArgs.git("diff", "--raw").revision(revision).revision(other).toList();
    int marker = args.indexOf("--end-of-options");
    assertThat(marker).isEqualTo(2);
    assertThat(args.subList(marker + 1, args.size())).containsExactly(revision, other);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> revisions() {
    return net.jqwik.api.Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('.', '~', '^', '/', '@', '{', '}')
        .ofMinLength(1)
        .ofMaxLength(20)
        .filter(s -> !s.isBlank());
  }

  @Test
  void pathsFollowTheDoubleDashAndFlagValuesStayTheFlagsOwnArgument() {
    List<String> args =
        GitArgs.git("blame", "--porcelain").flag("-L", "1,2").paths("--output=x", "-f").toList();
    assertThat(args).containsExactly("blame", "--porcelain", "-L", "1,2", "--", "--output=x", "-f");
  }

  @Test
  void controlCharactersAndEmptyRevisionsAreRefused() {
    assertThatThrownBy(() -> GitArgs.checkedRevision("HEAD\n--output=x"))
        .isInstanceOf(ChangeTrailException.class)
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> GitArgs.checkedRevision(" ")).isInstanceOf(ChangeTrailException.class);
  }

  @Test
  void aRevisionWithoutTheMarkerNeedsTheDoubleDash() {
    assertThat(
            GitArgs.git("checkout", "-q")
                .withoutEndOfOptionsMarker()
                .revision("main")
                .paths()
                .toList())
        .containsExactly("checkout", "-q", "main", "--");
  }
}
