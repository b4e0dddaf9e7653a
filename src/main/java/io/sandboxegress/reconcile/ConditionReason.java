package io.sandboxegress.reconcile;

import io.sandboxegress.compile.RefusalReason;
import java.util.Optional;

/**
 * Every reason the operator writes into a condition of a SandboxEgress's status ({@code Ready},
 * {@code Applied}, {@code Verified}, {@code Stalled}, {@code RolledBack}). Each constant carries
 * the exact word written there, which users, kstatus, Argo CD health checks and alerts match on:
 * {@code WireStringsTest} pins every one of them.
 */
enum ConditionReason {
  // Applied (and Ready and Stalled when nothing else matters)
  /** The objects are applied. */
  Applied("Applied"),
  /** spec.enforcement is DryRun: rendered, nothing applied. */
  DryRun("DryRun"),
  /** Applying failed; the operator retries. */
  ApplyFailed("ApplyFailed"),

  // the compiler refused the spec (Ready, Applied, Stalled)
  ProtectedNamespace("ProtectedNamespace"),
  InvalidSpec("InvalidSpec"),
  UnsupportedDataPlane("UnsupportedDataPlane"),

  // Ready
  /** Verified, but the selector matches no pod: Ready stays True. */
  NoPodsMatched("NoPodsMatched"),
  /** A regression was left in place because rollback is off. */
  Regressed("Regressed"),
  /** A foreign object makes the outcome undefined (Ready and Stalled). */
  ConflictUndefined("ConflictUndefined"),
  /** A foreign object or mesh setting decides instead of the spec (Ready and Stalled). */
  ConflictOverrides("ConflictOverrides"),
  /** A foreign object lets the sandboxes reach more than the spec allows (Ready and Stalled). */
  ConflictWidens("ConflictWidens"),

  // Verified (and Ready when probing decides it)
  /** The spec has no probe targets: nothing to verify. */
  NoProbeTargets("NoProbeTargets"),
  /** The API server refused the probe pod. */
  ProbePodRejected("ProbePodRejected"),
  /** No result for the applied objects yet. */
  Probing("Probing"),
  /** Every probe as expected. */
  Verified("Verified"),
  /** A probe was not as expected. */
  ProbesFailed("ProbesFailed"),

  // RolledBack (and Applied, Ready, Stalled while a rollback holds)
  /** A rollback holds this generation back (Ready, Applied, Stalled). */
  RolledBack("RolledBack"),
  /** RolledBack True: a regression was rolled back. */
  Regression("Regression"),
  /** RolledBack False: a regression was left in place, rollback is off. */
  RollbackDisabled("RollbackDisabled"),
  /** RolledBack False: nothing regressed. */
  NoRegression("NoRegression");

  private final String wire;

  ConditionReason(String wire) {
    this.wire = wire;
  }

  /** The word in the condition (and in the Event that reports it, where there is one). */
  String wire() {
    return wire;
  }

  /** The reason for a spec the compiler refused. */
  static ConditionReason refused(RefusalReason reason) {
    return switch (reason) {
      case ProtectedNamespace -> ProtectedNamespace;
      case InvalidSpec -> InvalidSpec;
      case UnsupportedDataPlane -> UnsupportedDataPlane;
    };
  }

  /** The reason a word names; empty for null or a word the operator does not write. */
  static Optional<ConditionReason> fromWire(String value) {
    for (ConditionReason reason : values()) {
      if (reason.wire.equals(value)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
