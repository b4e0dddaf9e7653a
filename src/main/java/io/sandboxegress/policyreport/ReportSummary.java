package io.sandboxegress.policyreport;

import java.util.List;

/** A PolicyReport's {@code summary}: how many results of each kind. */
public record ReportSummary(int pass, int fail, int warn, int error, int skip) {

  static ReportSummary of(List<ReportResult> results) {
    return new ReportSummary(count(results, ProbeReport.PASS), count(results, ProbeReport.FAIL), 0,
        count(results, ProbeReport.ERROR), count(results, ProbeReport.SKIP));
  }

  private static int count(List<ReportResult> results, String result) {
    return (int) results.stream().filter(r -> result.equals(r.result())).count();
  }
}
