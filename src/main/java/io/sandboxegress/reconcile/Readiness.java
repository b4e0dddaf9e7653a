package io.sandboxegress.reconcile;

import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one place that decides {@code Ready} and {@code Stalled}: every status the operator writes
 * takes them from here, so what {@code kubectl get} shows, and what Argo CD and Flux read, cannot
 * disagree between code paths.
 *
 * <p>A conflict that undermines the spec (the sandboxes reach more than it allows, Istio may apply
 * another object, or a mesh setting decides instead) makes Ready False and Stalled True: the policy
 * in force is not the one asked for, and the operator cannot fix it without someone changing the
 * other object; kstatus then reports Failed and Argo CD Degraded, instead of waiting forever.
 * Advice-level conflicts leave Ready alone.
 */
final class Readiness {

  /** Ready and Stalled, each with its reason and message. */
  record Decision(boolean ready, ConditionReason reason, String message, boolean stalled,
      ConditionReason stalledReason,
      String stalledMessage) {}

  /**
   * What an applied (or, in DryRun, rendered) reconciliation found.
   *
   * @param summary what was applied and verified, in words (Ready's message when nothing else matters)
   * @param held whether a rollback holds the spec back; {@code rollback} then says why
   * @param regressed whether a regression was left in place (rollback off); {@code rollback} says so
   */
  record Applied(String summary, boolean dryRun, Verification verification, int matchedPods, boolean held,
      boolean regressed, String rollback, List<Conflict> conflicts) {}

  private Readiness() {}

  /** The spec cannot be carried out: nothing was applied. */
  static Decision refused(ConditionReason reason, String message) {
    return new Decision(false, reason, message, true, reason, message);
  }

  /** Applying failed; the operator retries, so it is not stalled. */
  static Decision applyFailed(String message) {
    return new Decision(false, ConditionReason.ApplyFailed, message, false, ConditionReason.ApplyFailed, "");
  }

  static Decision applied(Applied in) {
    ConditionReason appliedReason = in.dryRun() ? ConditionReason.DryRun : ConditionReason.Applied;
    if (in.held()) {
      return new Decision(false, ConditionReason.RolledBack, in.rollback(), true, ConditionReason.RolledBack,
          "change the spec to try again: " + in.rollback());
    }
    if (in.regressed()) {
      return new Decision(false, ConditionReason.Regressed, in.rollback(), false, appliedReason, "");
    }
    Optional<ConflictEffect> worst = in.conflicts().stream().map(Conflict::getEffect)
        .filter(e -> e != null && e.undermines()).min(Comparator.comparingInt(Readiness::severity));
    if (worst.isPresent()) {
      ConditionReason reason = switch (worst.get()) {
        case Undefined -> ConditionReason.ConflictUndefined;
        case Overrides -> ConditionReason.ConflictOverrides;
        default -> ConditionReason.ConflictWidens;
      };
      String objects = conflicting(in.conflicts());
      return new Decision(false, reason, objects + "; " + in.summary(), true, reason,
          objects + ": fix or remove them (each conflict in status.conflicts says how); the operator keeps"
              + " its objects applied meanwhile");
    }
    if (!in.verification().passed()) {
      return new Decision(false, in.verification().reason(), in.summary(), false, appliedReason, "");
    }
    if (in.matchedPods() == 0 && !in.dryRun()) {
      return new Decision(true, ConditionReason.NoPodsMatched, in.summary(), false, appliedReason, "");
    }
    return new Decision(true, appliedReason, in.summary(), false, appliedReason, "");
  }

  /** The worst first: undefined says least about what holds, widening still keeps the spec's own rules. */
  private static int severity(ConflictEffect effect) {
    return switch (effect) {
      case Undefined -> 0;
      case Overrides -> 1;
      case Widens -> 2;
      case Advice -> 3;
    };
  }

  /** e.g. "the outcome is not what the spec asks: Sidecar ns/a makes it undefined; NetworkPolicy ns/b widens it". */
  private static String conflicting(List<Conflict> conflicts) {
    List<String> items = conflicts.stream().filter(c -> c.getEffect() != null && c.getEffect().undermines())
        .map(c -> c.getKind() + " " + c.getNamespace() + "/" + c.getName() + " " + switch (c.getEffect()) {
          case Undefined -> "makes it undefined";
          case Overrides -> "decides instead of it";
          default -> "widens it";
        }).toList();
    return EventMessage.list("the outcome is not what the spec asks: ", items, 400);
  }
}
