package io.changetrail.domain.lint;

/** Writes lint reports for a terminal. */
public final class LintReportRenderer {
  private LintReportRenderer() {}

  public static String text(LintReport report) {
    StringBuilder out = new StringBuilder();
    out.append(report.subject()).append(": ");
    if (report.kind() == LintReport.Kind.SKIPPED) {
      return out.append("skipped (merge commits are not linted: lint.merge_commits)\n").toString();
    }
    long errors = report.count(Severity.ERROR);
    long warnings = report.count(Severity.WARNING);
    if (report.findings().isEmpty()) {
      out.append("ok");
    } else {
      out.append(errors).append(errors == 1 ? " error, " : " errors, ");
      out.append(warnings).append(warnings == 1 ? " warning" : " warnings");
      long infos = report.count(Severity.INFO);
      if (infos > 0) {
        out.append(", ").append(infos).append(" info");
      }
    }
    if (!report.planSource().isEmpty()) {
      out.append("  [plan from ").append(report.planSource()).append(']');
    }
    out.append('\n');
    int width = report.findings().stream().mapToInt(f -> f.rule().length()).max().orElse(0);
    for (Finding finding : report.findings()) {
      String line = finding.line() == 0 ? "-" : Integer.toString(finding.line());
      out.append(
          String.format(
              "  %4s  %-7s  %-" + width + "s  %s%n",
              line,
              finding.severity().label(),
              finding.rule(),
              finding.message()));
      if (!finding.fix().isEmpty()) {
        out.append(" ".repeat(19 + width)).append("fix: ").append(finding.fix()).append('\n');
      }
    }
    return out.toString();
  }
}
