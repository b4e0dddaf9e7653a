package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes safe change into a status {@link StatusFactory} made: the revision fields, the
 * {@code RolledBack} condition and what {@code Applied} says while a rollback holds. Ready and
 * Stalled (False and True while a rollback holds) are {@link Readiness}'s to decide.
 */
final class SafeChangeStatus {

  private SafeChangeStatus() {}

  static void write(SandboxEgressStatus next, SandboxEgress cr, SafeChangeOutcome outcome, Instant now) {
    List<Condition> previous = cr.getStatus() == null ? List.of() : cr.getStatus().getConditions();
    long generation = cr.getMetadata().getGeneration();
    next.setRevision(outcome.revision());
    next.setRevisionBundle(outcome.revisionBundle());
    next.setLastGoodRevision(outcome.lastGoodRevision());
    next.setRolledBackGeneration(outcome.rolledBackGeneration());
    List<Condition> conditions = new ArrayList<>(next.getConditions());
    SafeChangeOutcome.RolledBack rolledBack = outcome.rolledBack();
    if (outcome.held()) {
      String applied = "revision " + outcome.revision() + " re-applied (" + outcome.bundle().objects().size()
          + " objects); generation " + generation + " is not applied";
      replace(conditions, Conditions.next(previous, Conditions.APPLIED, true, "RolledBack", applied, generation, now));
    }
    if (outcome.pendingChanges() != null) {
      Conditions.find(conditions, Conditions.APPLIED).ifPresent(applied -> replace(conditions,
          Conditions.next(previous, Conditions.APPLIED, applied.getStatus(), applied.getReason(),
              applied.getMessage() + "; " + outcome.pendingChanges(), generation, now)));
    }
    conditions.add(Conditions.next(previous, Conditions.ROLLED_BACK, rolledBack.status(), rolledBack.reason(),
        rolledBack.message(), generation, now));
    next.setConditions(conditions);
  }

  /** In place, so the conditions keep their order. */
  private static void replace(List<Condition> conditions, Condition condition) {
    for (int i = 0; i < conditions.size(); i++) {
      if (Objects.equals(conditions.get(i).getType(), condition.getType())) {
        conditions.set(i, condition);
        return;
      }
    }
    conditions.add(condition);
  }
}
