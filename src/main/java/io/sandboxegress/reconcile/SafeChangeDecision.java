package io.sandboxegress.reconcile;

import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.revision.Regression;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What safe change does, decided from status, the live revision and the probe results alone:
 * pure, unit-tested without a cluster ({@code SafeChangeDecisionTest}). {@link SafeChange} carries
 * a decision out (revisions, Events, metrics, the rollback's apply) and decides nothing itself.
 */
final class SafeChangeDecision {

  private SafeChangeDecision() {}

  /** Before applying. */
  sealed interface Before {}

  /** DryRun: nothing recorded; say what applying would change against the live revision. */
  record CompareOnly() implements Before {}

  /** A rollback holds this generation back: re-apply the live revision's stored objects. */
  record HoldLive(long revision) implements Before {}

  /** The rendered objects are the live revision's already: apply them, record nothing. */
  record ApplyLive(long revision) implements Before {}

  /** The rendered objects differ from the live revision's: record a revision, then apply. */
  record RecordThenApply() implements Before {}

  static Before before(SandboxEgressStatus status, long generation, String fingerprint, boolean dryRun) {
    if (dryRun) {
      return new CompareOnly();
    }
    Long live = status.getRevision();
    if (live != null && Objects.equals(status.getRolledBackGeneration(), generation)) {
      return new HoldLive(live);
    }
    if (live != null && fingerprint.equals(status.getRevisionBundle())) {
      return new ApplyLive(live);
    }
    return new RecordThenApply();
  }

  /** After the probes. */
  sealed interface After {}

  /** No result for the live revision yet (probing, DryRun, nothing applied): nothing changes. */
  record Wait() implements After {}

  /** The live revision verified: it becomes the last good one; {@code mark} when not recorded yet. */
  record Verified(long revision, boolean mark, List<String> reached) implements After {}

  /** The live revision lost what the last good one reached, and rollback is on: go back to it. */
  record RollBack(long to, List<ProbeStatus> failing) implements After {}

  /**
   * The live revision failed; {@code regression} lists what it lost against the last good revision
   * (empty when it lost nothing it had, or there is none to compare with); {@code mark} when the
   * failure is not recorded yet, {@code announce} when the regression was not reported yet.
   */
  record Failed(boolean mark, List<ProbeStatus> regression, boolean announce) implements After {}

  /**
   * Whether {@link #after} needs the last good revision's verified targets: only when a failure is
   * to be compared with a different, earlier good revision (so the store is read only then).
   */
  static Optional<Long> lastGoodToCompare(SandboxEgressStatus status, LiveRevision live, ProbeStep probing) {
    if (!resultsForLive(live, probing) || probing.verification().passed()) {
      return Optional.empty();
    }
    Long lastGood = status.getLastGoodRevision();
    return lastGood == null || lastGood.equals(live.revision()) || live.held() ? Optional.empty()
        : Optional.of(lastGood);
  }

  /**
   * @param lastGoodReached what the last good revision reached, when {@link #lastGoodToCompare}
   *     asked for it; empty when it is not needed or no longer stored
   */
  static After after(SandboxEgressStatus status, LiveRevision live, ProbeStep probing,
      Optional<List<String>> lastGoodReached, boolean rollbackOnRegression) {
    if (!resultsForLive(live, probing)) {
      return new Wait();
    }
    if (probing.verification().passed()) {
      List<String> reached = Regression.reachable(probing.probes());
      boolean noTargets = probing.probes() == null;
      boolean known = Objects.equals(status.getLastGoodRevision(), live.revision()) && (noTargets
          || wasVerified(status, live.fingerprint(), ConditionStatus.True) && reached.equals(Regression.reachable(status.getProbes())));
      return new Verified(live.revision(), !known, reached);
    }
    List<ProbeStatus> failing = lastGoodReached
        .map(reached -> Regression.failing(probing.probes(), reached)).orElse(List.of());
    if (!failing.isEmpty() && rollbackOnRegression) {
      return new RollBack(status.getLastGoodRevision(), failing);
    }
    boolean announced = Conditions.find(status.getConditions(), Conditions.ROLLED_BACK)
        .map(c -> Conditions.has(c, ConditionReason.RollbackDisabled)).orElse(false);
    return new Failed(!wasVerified(status, live.fingerprint(), ConditionStatus.False), failing, !failing.isEmpty() && !announced);
  }

  /** Whether the results are the live revision's (not an older bundle's, not still running). */
  private static boolean resultsForLive(LiveRevision live, ProbeStep probing) {
    ConditionStatus verified = probing.verification().status();
    boolean noTargets = verified == ConditionStatus.True && probing.probes() == null;
    return live.revision() != null && !live.dryRun() && verified != ConditionStatus.Unknown
        && (noTargets || live.fingerprint().equals(probing.probedBundle()));
  }

  /** Whether {@code status} already showed a verification with {@code value} for {@code fingerprint}. */
  private static boolean wasVerified(SandboxEgressStatus status, String fingerprint, ConditionStatus value) {
    return fingerprint.equals(status.getProbedBundle())
        && Conditions.find(status.getConditions(), Conditions.VERIFIED)
            .map(c -> Conditions.has(c, value)).orElse(false);
  }
}
