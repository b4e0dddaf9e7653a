package io.sandboxegress.policyreport;

/**
 * A PolicyReport result's {@code result} as the wg-policy API spells it, mapped from a probe's
 * verdict: each constant carries the exact word written there.
 */
public enum ReportOutcome {
  /** The target was what the spec expects. */
  Pass("pass"),
  /** It was not. */
  Fail("fail"),
  /** The probe could not tell (outcome Error, reason ProbeError). */
  Error("error"),
  /** A target of the spec that was not probed yet. */
  Skip("skip");

  private final String wire;

  ReportOutcome(String wire) {
    this.wire = wire;
  }

  /** The word in the PolicyReport. */
  public String wire() {
    return wire;
  }
}
