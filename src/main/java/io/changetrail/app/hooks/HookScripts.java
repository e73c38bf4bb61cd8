package io.changetrail.app.hooks;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shell scripts ChangeTrail installs as git hooks. Each one runs the hook it replaced first
 * (kept as {@code <hook>.local}), then finds ChangeTrail: the {@code CHANGETRAIL} environment
 * variable (a command, words separated by spaces), else the launcher written at install time if it
 * is still there, else {@code changetrail} on the PATH.
 */
final class HookScripts {
  /** Marks a hook as ours, so that install updates it and uninstall removes it. */
  static final String MARKER = "# changetrail-hook";

  static final List<String> NAMES = List.of("prepare-commit-msg", "commit-msg", "pre-push");

  private HookScripts() {}

  /**
   * @param launcher the command that runs ChangeTrail, as words
   * @param mustExist a file the launcher needs (the jar); when it is gone, the PATH is used
   */
  static String script(String name, List<String> launcher, String mustExist) {
    String body =
        switch (name) {
          case "prepare-commit-msg" ->
              """
              # Only a plain 'git commit' (no -m, -F, merge, squash or amend) gets the template.
              [ -z "${2:-}" ] || exit 0
              tmp="$1.changetrail"
              if run_changetrail template --output "$tmp" 2>/dev/null; then
                cat "$1" >> "$tmp" && mv "$tmp" "$1"
              else
                rm -f "$tmp"
              fi
              exit 0
              """;
          case "commit-msg" ->
              """
              run_changetrail lint --quiet --strip-comments --file "$1"
              """;
          case "pre-push" ->
              """
              status=0
              while read -r local_ref local_sha remote_ref remote_sha; do
                [ -n "$local_sha" ] || continue
                case "$local_sha" in *[!0]*) ;; *) continue ;; esac
                range=""
                case "$remote_sha" in
                  *[!0]*) git cat-file -e "$remote_sha^{commit}" 2>/dev/null && range="$remote_sha..$local_sha" ;;
                esac
                if [ -z "$range" ]; then
                  base=$(git rev-list "$local_sha" --not --remotes | tail -n 1)
                  [ -n "$base" ] || continue
                  if git rev-parse -q --verify "$base^" >/dev/null; then
                    range="$base^..$local_sha"
                  else
                    range="$local_sha"
                  fi
                fi
                run_changetrail lint --quiet --range "$range" < /dev/null
                code=$?
                if [ $code -ne 0 ] && [ $code -ne 5 ]; then
                  echo "changetrail: $local_ref is not pushed: fix the messages above (git rebase -i)" >&2
                  status=1
                fi
              done < "$input"
              rm -f "$input"
              exit $status
              """;
          default -> throw new IllegalArgumentException(name);
        };
    String chain =
        name.equals("pre-push")
            ? """
              input=$(mktemp "${TMPDIR:-/tmp}/changetrail-pre-push.XXXXXX") || exit 1
              cat > "$input"
              if [ -x "$0.local" ]; then
                "$0.local" "$@" < "$input" || { code=$?; rm -f "$input"; exit $code; }
              fi
              """
            : """
              if [ -x "$0.local" ]; then
                "$0.local" "$@" || exit $?
              fi
              """;
    return "#!/bin/sh\n"
        + MARKER
        + ": "
        + name
        + "\n"
        + "# Installed by 'changetrail hooks install'. 'changetrail hooks uninstall' removes it and\n"
        + "# restores the hook it replaced, which is kept as "
        + name
        + ".local and run first.\n"
        + chain
        + "run_changetrail() {\n"
        + "  if [ -n \"${CHANGETRAIL:-}\" ]; then\n"
        + "    $CHANGETRAIL \"$@\"\n"
        + "  elif "
        + (mustExist.isEmpty() ? "true" : "[ -e " + quote(mustExist) + " ]")
        + "; then\n"
        + "    "
        + launcher.stream().map(HookScripts::quote).collect(Collectors.joining(" "))
        + " \"$@\"\n"
        + "  elif command -v changetrail >/dev/null 2>&1; then\n"
        + "    command changetrail \"$@\"\n"
        + "  else\n"
        + "    echo \"changetrail: not found: set CHANGETRAIL, put changetrail on the PATH, or run"
        + " 'changetrail hooks uninstall'\" >&2\n"
        + "    return 127\n"
        + "  fi\n"
        + "}\n"
        + body;
  }

  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
