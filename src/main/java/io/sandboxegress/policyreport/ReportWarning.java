package io.sandboxegress.policyreport;

/**
 * What the PolicyReport writer warns about on a SandboxEgress. The Event's word is the recorder's
 * ({@code reconcile.EventReason}), which maps each constant explicitly.
 */
public enum ReportWarning {
  /** Policy reports are on, but the cluster serves no PolicyReport: its CRD is not installed. */
  CrdMissing
}
