package io.changetrail.app.hooks;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.git.GitHooks;
import io.changetrail.git.GitRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The use case "install or remove ChangeTrail's git hooks": prepare-commit-msg fills in the
 * template, commit-msg lints the message, pre-push lints what is pushed. Hooks already there are
 * kept: chained (renamed to {@code <hook>.local} and run first), or replaced with a backup only
 * when asked; otherwise nothing is written and the conflict is reported.
 */
public final class ManageHooks {
  /** Set when install chose git's comment character, so that uninstall can take it back. */
  private static final String COMMENT_CHAR_FLAG = "changetrail.hooksCommentChar";

  private final GitRepository git;

  public ManageHooks(GitRepository git) {
    this.git = git;
  }

  /** What to do with a hook that is not ChangeTrail's. */
  public enum Existing {
    REFUSE,
    CHAIN,
    FORCE
  }

  /**
   * Installs the hooks.
   *
   * @param launcher how the hooks start ChangeTrail
   * @return what was done, one line each
   */
  public List<String> install(Launcher launcher, Existing existing) {
    GitHooks hooks = git.hooks();
    List<String> conflicts = new ArrayList<>();
    for (String name : HookScripts.NAMES) {
      Optional<String> current = hooks.read(name);
      boolean foreign =
          current.map(text -> !text.contains(HookScripts.MARKER)).orElse(hooks.exists(name));
      if (!foreign) {
        continue;
      }
      if (existing == Existing.REFUSE) {
        conflicts.add(name);
      } else if (existing == Existing.CHAIN && hooks.exists(name + ".local")) {
        conflicts.add(name + " (and " + name + ".local already exists)");
      }
    }
    if (!conflicts.isEmpty()) {
      throw new ChangeTrailException(
          Problem.CONFLICT,
          "hooks that are not ChangeTrail's are in "
              + hooks.directory()
              + ": "
              + String.join(", ", conflicts)
              + "; nothing was changed",
          "--chain keeps each as <hook>.local and runs it first; --force replaces it (kept as"
              + " <hook>.changetrail-backup)");
    }
    List<String> done = new ArrayList<>();
    for (String name : HookScripts.NAMES) {
      Optional<String> current = hooks.read(name);
      boolean foreign =
          current.map(text -> !text.contains(HookScripts.MARKER)).orElse(hooks.exists(name));
      if (foreign && existing == Existing.CHAIN) {
        hooks.rename(name, name + ".local");
        done.add("kept your " + name + " as " + name + ".local; it runs first");
      } else if (foreign) {
        hooks.delete(name + ".changetrail-backup");
        hooks.rename(name, name + ".changetrail-backup");
        done.add("replaced your " + name + " (kept as " + name + ".changetrail-backup)");
      }
      hooks.write(name, HookScripts.script(name, launcher.words(), launcher.mustExist()));
      done.add(
          (current.isPresent() && !foreign ? "updated " : "installed ")
              + hooks.directory().resolve(name));
    }
    if (launcher.makeClassArchive(git.root())) {
      done.add("made a class archive for a fast start: " + launcher.classArchive().orElseThrow());
    }
    if (git.config("core.commentChar").isEmpty()) {
      git.setConfig("core.commentChar", ";");
      git.setConfig(COMMENT_CHAR_FLAG, "true");
      done.add(
          "set core.commentChar to ';' so that git keeps the '## ' headings of change documents"
              + " written in the editor");
    }
    return done;
  }

  /** Where install keeps the class archive that makes the hooks start fast. */
  public java.nio.file.Path classArchive() {
    return git.gitPath("changetrail/changetrail.jsa");
  }

  /** The hooks that are not ChangeTrail's (missing, or someone else's), in install order. */
  public List<String> missing() {
    GitHooks hooks = git.hooks();
    List<String> missing = new ArrayList<>();
    for (String name : HookScripts.NAMES) {
      if (!hooks.read(name).map(text -> text.contains(HookScripts.MARKER)).orElse(false)) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** Removes ChangeTrail's hooks and restores the ones they chained. */
  public List<String> uninstall() {
    GitHooks hooks = git.hooks();
    List<String> done = new ArrayList<>();
    for (String name : HookScripts.NAMES) {
      Optional<String> current = hooks.read(name);
      if (current.isEmpty() || !current.get().contains(HookScripts.MARKER)) {
        if (current.isPresent()) {
          done.add("left " + name + " alone: it is not ChangeTrail's");
        }
        continue;
      }
      hooks.delete(name);
      done.add("removed " + hooks.directory().resolve(name));
      if (hooks.exists(name + ".local")) {
        hooks.rename(name + ".local", name);
        done.add("restored your " + name);
      }
    }
    if (git.config(COMMENT_CHAR_FLAG).isPresent()) {
      git.unsetConfig("core.commentChar");
      git.unsetConfig(COMMENT_CHAR_FLAG);
      done.add("restored git's default comment character");
    }
    try {
      if (java.nio.file.Files.deleteIfExists(classArchive())) {
        done.add("removed the class archive " + classArchive());
      }
    } catch (java.io.IOException e) {
      done.add("could not remove " + classArchive() + ": " + e.getMessage());
    }
    if (done.isEmpty()) {
      done.add("no ChangeTrail hooks were installed in " + hooks.directory());
    }
    return done;
  }
}
