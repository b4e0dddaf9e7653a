package io.sandboxegress.reconcile;

import io.sandboxegress.render.Bundle;

/**
 * Where safe change stands after a reconciliation's probes, for status.
 *
 * @param bundle the objects now live (the last good ones after a rollback)
 * @param probing the probe step to report (after a rollback: the run for the good revision)
 * @param revision {@code status.revision}
 * @param revisionBundle {@code status.revisionBundle}
 * @param lastGoodRevision {@code status.lastGoodRevision}
 * @param rolledBackGeneration {@code status.rolledBackGeneration}: set while the hold lasts
 * @param rolledBack the {@code RolledBack} condition
 * @param pendingChanges in DryRun, what applying would change against the live revision
 */
record SafeChangeOutcome(Bundle bundle, ProbeStep probing, Long revision, String revisionBundle,
    Long lastGoodRevision, Long rolledBackGeneration, RolledBack rolledBack, String pendingChanges) {

  /** The {@code RolledBack} condition's value: True while a rollback holds. */
  record RolledBack(boolean status, ConditionReason reason, String message) {}

  boolean held() {
    return rolledBackGeneration != null;
  }

  boolean regressedWithoutRollback() {
    return rolledBack.reason() == ConditionReason.RollbackDisabled;
  }
}
