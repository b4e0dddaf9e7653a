package io.sandboxegress.reconcile;

import io.sandboxegress.backend.ObjectChanges;
import io.sandboxegress.compile.RefusalReason;
import io.sandboxegress.policyreport.ReportWarning;
import java.util.Optional;

/**
 * Every reason of an Event the operator records on a SandboxEgress (and the {@code action} of the
 * log line that goes with it). Each constant carries the exact word, which {@code kubectl describe},
 * alerts and log queries match on: {@code WireStringsTest} pins every one of them. A reason that is
 * also a condition's reason takes its word from that {@link ConditionReason}, so the two cannot
 * differ.
 */
public enum EventReason {
  // what an apply changed (Normal)
  /** Objects were created. */
  Created("Created"),
  /** Objects were updated. */
  Updated("Updated"),
  /** Objects were deleted. */
  Deleted("Deleted"),
  /** The live revision's objects, changed or deleted by someone else, were put back. */
  Repaired("Repaired"),
  /** spec.enforcement is DryRun: rendered, nothing applied (Normal). */
  DryRun(ConditionReason.DryRun),

  // Warning
  /** Applying failed; the operator retries. */
  ApplyFailed(ConditionReason.ApplyFailed),
  /** The compiler refused the spec: the namespace is protected. */
  ProtectedNamespace(ConditionReason.ProtectedNamespace),
  /** The compiler refused the spec: a field is invalid. */
  InvalidSpec(ConditionReason.InvalidSpec),
  /** The compiler refused the spec: the data plane cannot carry it. */
  UnsupportedDataPlane(ConditionReason.UnsupportedDataPlane),
  /** The selector matches no pod. */
  NoPodsMatched(ConditionReason.NoPodsMatched),
  /** A foreign object conflicts with the spec. */
  ConflictDetected("ConflictDetected"),

  // probes and safe change
  /** A probe's verdict changed to Pass (Normal). */
  ProbePassed("ProbePassed"),
  /** A probe's verdict changed to Fail (Warning). */
  ProbeFailed("ProbeFailed"),
  /** A regression was rolled back to the last good revision (Warning). */
  RolledBack(ConditionReason.RolledBack),
  /** A regression was left in place: rollback is off (Warning). */
  Regression(ConditionReason.Regression),

  // policy reports
  /** Policy reports are on but the cluster serves no PolicyReport (Warning). */
  PolicyReportCrdMissing("PolicyReportCrdMissing");

  private final String wire;
  private final ConditionReason condition;

  EventReason(String wire) {
    this.wire = wire;
    this.condition = null;
  }

  EventReason(ConditionReason condition) {
    this.wire = condition.wire();
    this.condition = condition;
  }

  /** The word in the Event's reason and in the log line's {@code action}. */
  public String wire() {
    return wire;
  }

  /** The condition reason this Event reports, when it is one: the word is that reason's. */
  Optional<ConditionReason> condition() {
    return Optional.ofNullable(condition);
  }

  /** The reason of the Event that lists the objects an apply created, updated or deleted. */
  static EventReason of(ObjectChanges.Action action) {
    return switch (action) {
      case Created -> Created;
      case Updated -> Updated;
      case Deleted -> Deleted;
    };
  }

  /** The reason of the Event for a spec the compiler refused: its condition's reason. */
  static EventReason refused(RefusalReason reason) {
    return switch (reason) {
      case ProtectedNamespace -> ProtectedNamespace;
      case InvalidSpec -> InvalidSpec;
      case UnsupportedDataPlane -> UnsupportedDataPlane;
    };
  }

  /** The reason of the Event for what the PolicyReport writer warns about. */
  static EventReason of(ReportWarning warning) {
    return switch (warning) {
      case CrdMissing -> PolicyReportCrdMissing;
    };
  }
}
