package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.DataPlaneStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.diagnose.HostEnforcementTruth;
import io.sandboxegress.diagnose.SelectorText;
import io.sandboxegress.compile.DataPlaneDecision;
import io.sandboxegress.plan.FieldError;
import io.sandboxegress.render.Bundle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place the whole status is made: from the previous status and typed inputs (what the
 * compile step refused, what was applied, where probing and safe change stand, the conflicts), the
 * conditions in kstatus form, revisions, probe results, resources. Ready and Stalled come from
 * {@link Readiness}. Pure: it reads its inputs and changes none of them, so it is unit-tested
 * without a cluster ({@code StatusAggregatorTest}).
 */
final class StatusAggregator {

  /**
   * What an applied (or, in DryRun, rendered) reconciliation found.
   *
   * @param safe what safe change did: the live bundle, revisions, a rollback
   * @param dataPlane the data plane the bundle is for
   * @param dryRun whether nothing was applied on purpose
   * @param matchedPods how many sandbox pods the selector matches
   * @param probing where probing stands (already annotated with likely causes)
   * @param conflicts the foreign objects that undermine or concern the spec
   */
  record Applied(SafeChangeOutcome safe, DataPlaneDecision dataPlane, boolean dryRun, int matchedPods,
      ProbeStep probing, List<Conflict> conflicts) {}

  private StatusAggregator() {}

  /**
   * Ready's message (and the Event's) when the policy is in force and verified but selects no pod
   * ({@link ConditionReason#NoPodsMatched}). Ready stays True: on-demand sandbox platforms run no
   * sandbox for hours, and Ready=False would hold GitOps syncs and health checks on a correct
   * policy. The reason and message make it visible instead.
   */
  static String noPodsMatched(SandboxEgress cr) {
    return "podSelector " + SelectorText.describe(cr.getSpec().getPodSelector()) + " matches no pod in"
        + " namespace " + cr.getMetadata().getNamespace() + ": the policy protects nothing yet; check"
        + " the sandbox pods' labels if sandboxes should be running";
  }

  /** The spec cannot be carried out; nothing was applied (and nothing already applied removed). */
  static SandboxEgressStatus stalled(SandboxEgress cr, ConditionReason reason, List<FieldError> errors,
      Integer matchedPods, Instant now) {
    SandboxEgressStatus previous = previous(cr);
    long generation = cr.getMetadata().getGeneration();
    String message = errors.stream().map(FieldError::toString).collect(Collectors.joining("; "))
        + "; nothing was applied";
    SandboxEgressStatus status = carryOver(previous);
    status.setObservedGeneration(generation);
    status.setMatchedPods(matchedPods);
    Readiness.Decision decision = Readiness.refused(reason, message);
    status.setConditions(List.of(
        ready(previous, decision, generation, now),
        Conditions.next(previous.getConditions(), Conditions.APPLIED, false, reason,
            "nothing applied for generation " + generation, generation, now),
        stalled(previous, decision, generation, now)));
    return status;
  }

  /**
   * The bundle is in the cluster (or, in DryRun, would be); Ready once the probes verified it and
   * no conflict undermines it. {@code safe} says what safe change did (the live bundle, a rollback).
   */
  static SandboxEgressStatus applied(SandboxEgress cr, Applied in, Instant now) {
    SandboxEgressStatus previous = previous(cr);
    SafeChangeOutcome safe = in.safe();
    Bundle bundle = safe.bundle();
    long generation = cr.getMetadata().getGeneration();
    int count = bundle.objects().size();
    ConditionReason appliedReason = in.dryRun() ? ConditionReason.DryRun : ConditionReason.Applied;
    String applied = in.dryRun()
        ? "DryRun: " + count + " objects rendered, nothing applied"
        : count + " objects applied";
    Verification verification = in.probing().verification();
    String hostEnforcement = HostEnforcementTruth.describe(bundle.hostEnforcement(), in.conflicts());
    String summary = (in.matchedPods() == 0 ? noPodsMatched(cr) + "; " : "")
        + applied + "; " + withoutCause(verification.message()) + "; " + hostEnforcement
        + (in.conflicts().isEmpty() ? "" : "; " + in.conflicts().size() + " conflicting objects, see status.conflicts");
    Readiness.Decision decision = Readiness.applied(new Readiness.Applied(summary, in.dryRun(), verification,
        in.matchedPods(), safe.held(), safe.regressedWithoutRollback(), safe.rolledBack().message(), in.conflicts()));
    SandboxEgressStatus status = carryOver(previous);
    status.setObservedGeneration(generation);
    status.setMatchedPods(in.matchedPods());
    status.setDataPlane(new DataPlaneStatus(in.dryRun() ? "DryRun" : "Enforced",
        in.dataPlane().istioStatus().wire(), hostEnforcement));
    status.setResources(bundle.resourceRefs());
    status.setProbes(in.probing().probes());
    status.setProbedBundle(in.probing().probedBundle());
    status.setProbedSettings(in.probing().probedSettings());
    status.setConflicts(in.conflicts().isEmpty() ? null : in.conflicts());
    status.setConflictCount(in.conflicts().isEmpty() ? null : in.conflicts().size());
    status.setRevision(safe.revision());
    status.setRevisionBundle(safe.revisionBundle());
    status.setLastGoodRevision(safe.lastGoodRevision());
    status.setRolledBackGeneration(safe.rolledBackGeneration());
    List<Condition> before = previous.getConditions();
    status.setConditions(List.of(
        ready(previous, decision, generation, now),
        Conditions.next(before, Conditions.APPLIED, !in.dryRun() || safe.held(),
            safe.held() ? ConditionReason.RolledBack : appliedReason,
            appliedMessage(safe, applied, generation), generation, now),
        Conditions.next(before, Conditions.VERIFIED, verification.status(),
            verification.reason(), verification.message(), generation, now),
        stalled(previous, decision, generation, now),
        Conditions.next(before, Conditions.ROLLED_BACK, safe.rolledBack().status(), safe.rolledBack().reason(),
            safe.rolledBack().message(), generation, now)));
    return status;
  }

  /**
   * What Applied says: while a rollback holds, that the live revision was re-applied instead of
   * this generation; in DryRun, what applying would change.
   */
  private static String appliedMessage(SafeChangeOutcome safe, String applied, long generation) {
    String message = safe.held()
        ? "revision " + safe.revision() + " re-applied (" + safe.bundle().objects().size()
            + " objects); generation " + generation + " is not applied"
        : applied;
    return safe.pendingChanges() == null ? message : message + "; " + safe.pendingChanges();
  }

  /** Applying failed; the operator retries. */
  static SandboxEgressStatus applyFailed(SandboxEgress cr, String error, Instant now) {
    SandboxEgressStatus previous = previous(cr);
    long generation = cr.getMetadata().getGeneration();
    String message = "applying failed, retrying: " + error;
    SandboxEgressStatus status = carryOver(previous);
    status.setObservedGeneration(generation);
    Readiness.Decision decision = Readiness.applyFailed(message);
    List<Condition> conditions = new ArrayList<>();
    conditions.add(ready(previous, decision, generation, now));
    conditions.add(Conditions.next(previous.getConditions(), Conditions.APPLIED, false, ConditionReason.ApplyFailed, message,
        generation, now));
    conditions.add(stalled(previous, decision, generation, now));
    // what applying does not decide (Verified, RolledBack) stays as it was
    previous.getConditions().stream()
        .filter(c -> conditions.stream().noneMatch(added -> added.getType().equals(c.getType())))
        .forEach(conditions::add);
    status.setConditions(conditions);
    return status;
  }

  /** Ready's message leaves the probe's likely cause to Verified's, so that it is said once. */
  private static String withoutCause(String verification) {
    int cause = verification.indexOf(ProbeCauses.LIKELY_CAUSE);
    return cause < 0 ? verification : verification.substring(0, cause);
  }

  private static Condition ready(SandboxEgressStatus previous, Readiness.Decision decision, long generation,
      Instant now) {
    return Conditions.next(previous.getConditions(), Conditions.READY, decision.ready(), decision.reason(),
        decision.message(), generation, now);
  }

  private static Condition stalled(SandboxEgressStatus previous, Readiness.Decision decision, long generation,
      Instant now) {
    return Conditions.next(previous.getConditions(), Conditions.STALLED, decision.stalled(),
        decision.stalledReason(), decision.stalledMessage(), generation, now);
  }

  private static SandboxEgressStatus previous(SandboxEgress cr) {
    return cr.getStatus() == null ? new SandboxEgressStatus() : cr.getStatus();
  }

  /** Fields this reconciliation does not decide (probe results, revisions) stay as they were. */
  private static SandboxEgressStatus carryOver(SandboxEgressStatus previous) {
    SandboxEgressStatus status = new SandboxEgressStatus();
    status.setRevision(previous.getRevision());
    status.setLastGoodRevision(previous.getLastGoodRevision());
    status.setRevisionBundle(previous.getRevisionBundle());
    status.setRolledBackGeneration(previous.getRolledBackGeneration());
    status.setDataPlane(previous.getDataPlane());
    status.setMatchedPods(previous.getMatchedPods());
    status.setResources(previous.getResources());
    status.setProbes(previous.getProbes());
    status.setProbedBundle(previous.getProbedBundle());
    status.setProbedSettings(previous.getProbedSettings());
    status.setConflicts(previous.getConflicts());
    status.setConflictCount(previous.getConflictCount());
    return status;
  }
}
