package io.sandboxegress.policyreport;

import java.util.List;

/** A PolicyReport's {@code summary}: how many results of each kind. */
public record ReportSummary(int pass, int fail, int warn, int error, int skip) {

  static ReportSummary of(List<ReportResult> results) {
    return new ReportSummary(count(results, ReportOutcome.Pass), count(results, ReportOutcome.Fail), 0,
        count(results, ReportOutcome.Error), count(results, ReportOutcome.Skip));
  }

  private static int count(List<ReportResult> results, ReportOutcome result) {
    return (int) results.stream().filter(r -> result.wire().equals(r.result())).count();
  }
}
