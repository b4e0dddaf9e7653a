package io.sandboxegress.policyreport;

import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;

/** Probe verdicts as a PolicyReport per SandboxEgress, when the operator is asked to write them. */
public interface PolicyReports {

  /** Brings the SandboxEgress's report in line with the status it is about to have. Never throws. */
  void write(SandboxEgress cr, SandboxEgressStatus status);

  /** Writes nothing: policy reports are off (the default). */
  static PolicyReports off() {
    return (cr, status) -> { };
  }
}
