package io.sandboxegress.policyreport;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One entry of a {@code wgpolicyk8s.io/v1alpha2} PolicyReport's {@code results}: the verdict on one
 * probe target. Field names and values are the CRD's.
 *
 * @param rule the probed URL
 * @param result pass, fail, error or skip
 * @param severity high for a target that must be blocked (a hole is an escape), medium otherwise
 * @param timestamp when the target was probed; absent for a target not probed yet
 * @param properties expect, outcome, reason and, for a failure, the likely cause
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportResult(String policy, String rule, String result, String message, String source,
    String category, String severity, Boolean scored, Timestamp timestamp, Map<String, String> properties) {

  /** The CRD's protobuf-style timestamp: seconds since the epoch and nanoseconds. */
  public record Timestamp(long seconds, int nanos) {}
}
