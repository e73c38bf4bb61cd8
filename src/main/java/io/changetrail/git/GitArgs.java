package io.changetrail.git;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The arguments of one git invocation, built so that no value can be read as an option. This is the
 * only way to run git ({@link GitProcess} takes nothing else), so the rule holds for every call:
 * flags are literals written in this package; revisions, ranges and refs that come from a user, a
 * config file, a commit message or the network go after {@code --end-of-options} and are refused
 * when they start with {@code -}; paths go after {@code --}.
 *
 * <p>Values given to a flag ({@link #flag(String, String)}) are passed as the flag's own required
 * argument, which git never reads as an option.
 */
final class GitArgs {
  private final List<String> options = new ArrayList<>();
  private final List<String> revisions = new ArrayList<>();
  private List<String> paths;
  private boolean endOfOptions = true;

  private GitArgs(String subcommand) {
    options.add(subcommand);
  }

  /** A git subcommand with its literal flags, e.g. {@code git("log", "-z", "--reverse")}. */
  static GitArgs git(String subcommand, String... flags) {
    GitArgs args = new GitArgs(subcommand);
    return args.flags(flags);
  }

  /** More literal flags, written in this package (never a value from outside). */
  GitArgs flags(String... flags) {
    for (String flag : flags) {
      options.add(flag);
    }
    return this;
  }

  /** More literal flags, written in this package (never a value from outside). */
  GitArgs flags(Collection<String> flags) {
    options.addAll(flags);
    return this;
  }

  /**
   * A literal flag whose argument is required, with its value as the next argument: git takes that
   * argument as the value whatever it starts with (only for flags whose argument is required; an
   * optional argument must be attached instead).
   */
  GitArgs flag(String flag, String value) {
    options.add(flag);
    options.add(value);
    return this;
  }

  /** A revision, range or ref named from outside; refused when git could read it as an option. */
  GitArgs revision(String revision) {
    revisions.add(checkedRevision(revision));
    return this;
  }

  /**
   * A positional value that is not a revision (a config key or value): it goes after {@code
   * --end-of-options}, so git reads it as a value whatever it starts with.
   */
  GitArgs operand(String value) {
    revisions.add(value);
    return this;
  }

  /** Revisions named from outside, as {@link #revision(String)}. */
  GitArgs revisions(Collection<String> values) {
    for (String value : values) {
      revision(value);
    }
    return this;
  }

  /** Ends the revisions with {@code --} followed by these paths (none: just the separator). */
  GitArgs paths(Collection<String> values) {
    if (paths == null) {
      paths = new ArrayList<>();
    }
    paths.addAll(values);
    return this;
  }

  /** Ends the revisions with {@code --} followed by these paths (none: just the separator). */
  GitArgs paths(String... values) {
    return paths(List.of(values));
  }

  /**
   * For the few subcommands that do not understand {@code --end-of-options} (checkout in git 2.39):
   * revisions are still refused when they start with {@code -}, so nothing reads as an option, and
   * a {@code --} must follow them.
   */
  GitArgs withoutEndOfOptionsMarker() {
    endOfOptions = false;
    return this;
  }

  /** The subcommand, for messages. */
  String subcommand() {
    return options.get(0);
  }

  List<String> toList() {
    List<String> out = new ArrayList<>(options);
    if (!revisions.isEmpty()) {
      if (endOfOptions) {
        out.add("--end-of-options");
      } else if (paths == null) {
        throw new IllegalStateException("a revision without --end-of-options needs a --");
      }
      out.addAll(revisions);
    }
    if (paths != null) {
      out.add("--");
      out.addAll(paths);
    }
    return out;
  }

  /**
   * A revision, range or ref as it may reach git: not empty, no control characters, and neither it
   * nor either end of a range starts with {@code -}.
   */
  static String checkedRevision(String revision) {
    if (revision == null || revision.isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "an empty revision was given",
          "name a commit, branch or tag, e.g. HEAD, main or v1.2.0");
    }
    for (int i = 0; i < revision.length(); i++) {
      char c = revision.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "the revision '"
                + revision.replaceAll("\\p{Cntrl}", "?")
                + "' contains a control character",
            "name a commit, branch or tag, e.g. HEAD, main or v1.2.0");
      }
    }
    for (String part : revision.split("\\.\\.\\.?", -1)) {
      if (part.startsWith("-")) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "'"
                + revision
                + "' is not a revision: it starts with '-', so git would read it as an option",
            "name a commit, branch or tag (e.g. HEAD~1, main, v1.2.0); ChangeTrail passes no git"
                + " options through");
      }
    }
    return revision;
  }
}
