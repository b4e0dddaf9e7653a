package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.RolloutSpec;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.revision.BundleChanges;
import io.sandboxegress.revision.Regression;
import io.sandboxegress.revision.Revision;
import io.sandboxegress.revision.RevisionCodec;
import io.sandboxegress.revision.RevisionHistory;
import io.sandboxegress.revision.RevisionStore;
import io.sandboxegress.revision.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Safe change (DESIGN section 6): a change is recorded as a revision before it is applied; the
 * probes verify the live revision; a regression is rolled back to the last good revision, and the
 * spec that caused it is then left alone until it changes again. Everything it needs to resume is
 * in status and in the ControllerRevisions, so a restarted operator carries on.
 */
final class SafeChange {

  static final int DEFAULT_HISTORY_LIMIT = 10;

  private final ProbeCoordinator probes;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  /** DryRun's comparison with the live revision, by SandboxEgress, so a resync reads nothing. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(long revision, String fingerprint, String changes) {}

  SafeChange(ProbeCoordinator probes, EventRecorder events, OperatorMetrics metrics) {
    this.probes = probes;
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * Before applying: records a new revision when the spec's objects differ from the live
   * revision's; while a rollback holds, chooses the live revision's objects instead of the spec's.
   * DryRun records nothing and says what applying would change. What to do is
   * {@link SafeChangeDecision#before}'s; this carries it out.
   */
  LiveRevision before(SandboxEgress cr, Context<SandboxEgress> context, Bundle rendered, String fingerprint,
      boolean dryRun, Instant now) {
    SandboxEgressStatus status = status(cr);
    RevisionStore store = new RevisionStore(context.getClient());
    SafeChangeDecision.Before decision =
        SafeChangeDecision.before(status, cr.getMetadata().getGeneration(), fingerprint, dryRun);
    if (decision instanceof SafeChangeDecision.CompareOnly) {
      return new LiveRevision(rendered, fingerprint, status.getRevision(), status.getRevisionBundle(), false,
          pendingChanges(cr, store, rendered, fingerprint));
    }
    if (decision instanceof SafeChangeDecision.HoldLive hold) {
      Optional<ControllerRevision> stored = store.get(namespace(cr), name(cr), hold.revision());
      if (stored.isPresent()) {
        String liveFingerprint = Revision.of(stored.get()).fingerprint();
        return new LiveRevision(RevisionCodec.bundle(stored.get()), liveFingerprint, hold.revision(), liveFingerprint,
            true, null);
      }
      // the live revision was deleted by hand: there is nothing left to hold on to
      if (fingerprint.equals(status.getRevisionBundle())) {
        return new LiveRevision(rendered, fingerprint, hold.revision(), fingerprint, false, null);
      }
    }
    if (decision instanceof SafeChangeDecision.ApplyLive live) {
      return new LiveRevision(rendered, fingerprint, live.revision(), fingerprint, false, null);
    }
    long recorded = record(cr, store, rendered, fingerprint, status, now);
    return new LiveRevision(rendered, fingerprint, recorded, fingerprint, false, null);
  }

  /**
   * After the probes: a verified live revision becomes the last good one; a regression is rolled
   * back (or, with rollback off, reported). What to do is {@link SafeChangeDecision#after}'s; the
   * store is read only when it asks for the last good revision.
   */
  SafeChangeOutcome after(SandboxEgress cr, Context<SandboxEgress> context, LiveRevision live,
      ProbeStep probing, Consumer<Bundle> apply, Instant now) {
    SandboxEgressStatus status = status(cr);
    Long lastGood = status.getLastGoodRevision();
    Long hold = live.held() ? status.getRolledBackGeneration() : null;
    SafeChangeOutcome.RolledBack rolledBack = live.held() ? heldCondition(cr, live)
        : new SafeChangeOutcome.RolledBack(false, ConditionReason.NoRegression, "");
    RevisionStore store = new RevisionStore(context.getClient());
    Optional<List<String>> lastGoodReached = SafeChangeDecision.lastGoodToCompare(status, live, probing)
        .flatMap(number -> store.get(namespace(cr), name(cr), number))
        .map(good -> Revision.of(good).verifiedReachable());
    SafeChangeDecision.After decision = SafeChangeDecision.after(status, live, probing, lastGoodReached,
        rollbackOnRegression(cr));
    if (decision instanceof SafeChangeDecision.Verified verified) {
      if (verified.mark()) {
        store.mark(namespace(cr), name(cr), verified.revision(), Verdict.Verified, verified.reached());
      }
      return new SafeChangeOutcome(live.bundle(), probing, live.revision(), live.revisionBundle(), live.revision(),
          hold, rolledBack, null);
    }
    if (decision instanceof SafeChangeDecision.RollBack rollBack) {
      return rollBack(cr, context, store, live, rollBack.to(), probing, rollBack.failing(), apply, now);
    }
    if (decision instanceof SafeChangeDecision.Failed failed) {
      if (failed.mark()) {
        store.mark(namespace(cr), name(cr), live.revision(), Verdict.Failed, null);
      }
      if (!failed.regression().isEmpty()) {
        rolledBack = regressionKept(cr, live, lastGood, failed.regression(), failed.announce());
      }
      return new SafeChangeOutcome(live.bundle(), probing, live.revision(), live.revisionBundle(), lastGood, hold,
          rolledBack, null);
    }
    return new SafeChangeOutcome(live.bundle(), probing, live.revision(), live.revisionBundle(), lastGood, hold,
        rolledBack, live.pendingChanges());
  }

  private long record(SandboxEgress cr, RevisionStore store, Bundle rendered, String fingerprint,
      SandboxEgressStatus status, Instant now) {
    // the usual change: the number after the live one is free, so one create and no read; the
    // history is listed only when it may have grown beyond its limit. Not after a rollback: the
    // live revision is then an older one, later numbers exist or were pruned, and the history
    // must be read to number past them.
    boolean liveIsNewest = status.getRolledBackGeneration() == null;
    long next = status.getRevision() == null ? 1 : status.getRevision() + 1;
    if (liveIsNewest && store.createIfAbsent(cr, next, rendered, fingerprint, now).isPresent()) {
      if (next > historyLimit(cr)) {
        prune(cr, store, store.list(namespace(cr), name(cr)), next, status);
      }
      return next;
    }
    List<ControllerRevision> stored = new ArrayList<>(store.list(namespace(cr), name(cr)));
    List<Revision> kept = stored.stream().map(Revision::of).toList();
    Optional<Revision> newest = RevisionHistory.newest(kept);
    long number;
    if (newest.isPresent() && newest.get().fingerprint().equals(fingerprint)
        && (status.getRevision() == null || newest.get().number() > status.getRevision())) {
      // recorded already: by a reconciliation that did not get to write status, or rolled back before
      number = newest.get().number();
    } else {
      number = RevisionHistory.nextNumber(kept, status.getRevision());
      stored.add(store.create(cr, number, rendered, fingerprint, now));
    }
    prune(cr, store, stored, number, status);
    return number;
  }

  private static void prune(SandboxEgress cr, RevisionStore store, List<ControllerRevision> stored, long live,
      SandboxEgressStatus status) {
    List<Revision> kept = stored.stream().map(Revision::of).toList();
    for (Revision old : RevisionHistory.toPrune(kept, historyLimit(cr), live, status.getLastGoodRevision())) {
      stored.stream().filter(r -> r.getMetadata().getName().equals(old.name())).findFirst().ifPresent(store::delete);
    }
  }

  private SafeChangeOutcome rollBack(SandboxEgress cr, Context<SandboxEgress> context, RevisionStore store,
      LiveRevision live, long lastGood, ProbeStep probing, List<ProbeStatus> failing, Consumer<Bundle> apply,
      Instant now) {
    ControllerRevision stored = store.get(namespace(cr), name(cr), lastGood).orElseThrow();
    Revision good = Revision.of(stored);
    Bundle goodBundle = RevisionCodec.bundle(stored);
    apply.accept(goodBundle);
    store.mark(namespace(cr), name(cr), live.revision(), Verdict.RolledBack, null);
    long generation = cr.getMetadata().getGeneration();
    String message = "generation " + generation + " (revision " + live.revision() + ") made unreachable what"
        + " revision " + lastGood + " reached: " + Regression.describe(failing) + "; rolled back to revision "
        + lastGood + "; the spec is not applied again until it changes";
    events.warning(cr, EventReason.RolledBack, message);
    metrics.rolledBack(namespace(cr), name(cr));
    // the results just read belong to the rolled-back revision: the good one is probed again
    ProbeStep again = probes.advance(cr, new ProbeCoordinator.Known(probing.probes(), probing.probedBundle(),
        probing.probedSettings()), context, good.fingerprint(), now);
    List<ProbeStatus> changes = new ArrayList<>(probing.changedVerdicts());
    changes.addAll(again.changedVerdicts());
    ProbeStep reported = new ProbeStep(again.probes(), again.probedBundle(), again.probedSettings(),
        again.verification(), changes,
        again.recheckIn());
    return new SafeChangeOutcome(goodBundle, reported, lastGood, good.fingerprint(), lastGood, generation,
        new SafeChangeOutcome.RolledBack(true, ConditionReason.Regression, message), null);
  }

  private SafeChangeOutcome.RolledBack regressionKept(SandboxEgress cr, LiveRevision live, long lastGood,
      List<ProbeStatus> failing, boolean announce) {
    String message = "generation " + cr.getMetadata().getGeneration() + " (revision " + live.revision()
        + ") made unreachable what revision " + lastGood + " reached: " + Regression.describe(failing)
        + "; nothing reverted: spec.rollout.rollbackOnRegression is false";
    if (announce) {
      events.warning(cr, EventReason.Regression, message);
    }
    return new SafeChangeOutcome.RolledBack(false, ConditionReason.RollbackDisabled, message);
  }

  /** While held, the condition says what the rollback said (it survives restarts in status). */
  private static SafeChangeOutcome.RolledBack heldCondition(SandboxEgress cr, LiveRevision live) {
    String message = Conditions.find(status(cr).getConditions(), Conditions.ROLLED_BACK)
        .filter(c -> Conditions.has(c, ConditionStatus.True))
        .map(io.fabric8.kubernetes.api.model.Condition::getMessage)
        .orElse("generation " + cr.getMetadata().getGeneration() + " was rolled back to revision "
            + live.revision() + "; the spec is not applied again until it changes");
    return new SafeChangeOutcome.RolledBack(true, ConditionReason.Regression, message);
  }

  private String pendingChanges(SandboxEgress cr, RevisionStore store, Bundle rendered, String fingerprint) {
    SandboxEgressStatus status = status(cr);
    Long live = status.getRevision();
    if (live == null) {
      return "no live revision: applying would create " + rendered.objects().size() + " objects";
    }
    if (fingerprint.equals(status.getRevisionBundle())) {
      return "the same objects as live revision " + live;
    }
    String key = namespace(cr) + "/" + name(cr);
    Pending known = pending.get(key);
    if (known != null && known.revision() == live && known.fingerprint().equals(fingerprint)) {
      return known.changes();
    }
    String changes = store.get(namespace(cr), name(cr), live)
        .map(stored -> BundleChanges.between(RevisionCodec.bundle(stored), rendered))
        .map(list -> "against live revision " + live + ": "
            + (list.isEmpty() ? "no object changes" : "would " + String.join(", ", list)))
        .orElse("live revision " + live + " is no longer kept");
    if (pending.size() > 10_000) {
      pending.clear();
    }
    pending.put(key, new Pending(live, fingerprint, changes));
    return changes;
  }

  private static boolean rollbackOnRegression(SandboxEgress cr) {
    RolloutSpec rollout = cr.getSpec().getRollout();
    return rollout == null || rollout.getRollbackOnRegression() == null || rollout.getRollbackOnRegression();
  }

  private static int historyLimit(SandboxEgress cr) {
    RolloutSpec rollout = cr.getSpec().getRollout();
    return rollout == null || rollout.getHistoryLimit() == null ? DEFAULT_HISTORY_LIMIT : rollout.getHistoryLimit();
  }

  private static SandboxEgressStatus status(SandboxEgress cr) {
    return cr.getStatus() == null ? new SandboxEgressStatus() : cr.getStatus();
  }

  private static String namespace(SandboxEgress cr) {
    return cr.getMetadata().getNamespace();
  }

  private static String name(SandboxEgress cr) {
    return cr.getMetadata().getName();
  }
}
