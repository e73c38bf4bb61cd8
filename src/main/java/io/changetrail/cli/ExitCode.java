package io.changetrail.cli;

import io.changetrail.domain.Problem;

/** Every exit code the command line uses, in one place (listed in {@code --help}). */
public enum ExitCode {
  OK(0, "success"),
  GATE(1, "a gate failed: risk at or above --fail-on, or lint found errors"),
  USAGE(2, "invalid command line (unknown option, missing value)"),
  NOT_A_REPOSITORY(3, "not inside a git repository"),
  REVISION(4, "no commits yet, or an unknown revision, range or branch"),
  NOTHING_TO_DO(5, "nothing to work on (nothing staged, empty range)"),
  INVALID_CONFIG(6, "changetrail.yml is invalid"),
  INVALID_INPUT(7, "an argument or input file is invalid"),
  GIT_FAILED(8, "git is missing or failed"),
  IO(9, "a file could not be read or written"),
  LEDGER_UNAVAILABLE(10, "the ledger database cannot be reached, is locked, or is full"),
  TAMPERED(
      11,
      "verification failed: the ledger, a checkpoint or a bundle was tampered with, or a"
          + " decision's signature does not verify"),
  KEY_PROBLEM(
      12,
      "a signing or verifier key is missing, malformed, unsafe or does not match (a decision"
          + " signed by a key not allowed; x509 signing)"),
  UNKNOWN_CHANGE(13, "no change has that id"),
  REFUSED(14, "refused: illegal transition, segregation of duties, policy, gate or blackout"),
  CONFLICT(
      15,
      "something is in the way: a foreign git hook (use --chain or --force), a user of that name,"
          + " an email that is another user's"),
  UNKNOWN_USER(16, "no user or API token has that name or id"),
  UNSIGNED(
      17,
      "not proven: entries that no checkpoint signed by the trusted key covers (an unsigned tail"
          + " without --allow-unsigned-tail, or no checkpoint at all), or unsigned decisions where"
          + " signatures are required"),
  NO_TECHNICAL_CHECKS(
      18, "verify ran no technical check (no test command configured): nothing was tested"),
  INTERNAL(70, "internal error (a bug: please report it with --verbose output)");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  static ExitCode of(Problem problem) {
    return switch (problem) {
      case NOT_A_REPOSITORY -> NOT_A_REPOSITORY;
      case NO_COMMITS, UNKNOWN_REVISION -> REVISION;
      case NOTHING_TO_DO -> NOTHING_TO_DO;
      case INVALID_CONFIG -> INVALID_CONFIG;
      case INVALID_INPUT -> INVALID_INPUT;
      case GIT_FAILED -> GIT_FAILED;
      case IO -> IO;
      case LEDGER_UNAVAILABLE -> LEDGER_UNAVAILABLE;
      case TAMPERED -> TAMPERED;
      case KEY_PROBLEM -> KEY_PROBLEM;
      case UNKNOWN_CHANGE -> UNKNOWN_CHANGE;
      case REFUSED, NOT_PERMITTED -> REFUSED;
      case CONFLICT -> CONFLICT;
      case UNKNOWN_USER -> UNKNOWN_USER;
      case UNSIGNED -> UNSIGNED;
    };
  }

  /** The exit code list for picocli's help footer. */
  static java.util.Map<String, String> helpList() {
    java.util.Map<String, String> list = new java.util.LinkedHashMap<>();
    for (ExitCode exit : values()) {
      list.put(Integer.toString(exit.code), exit.meaning);
    }
    return list;
  }
}
