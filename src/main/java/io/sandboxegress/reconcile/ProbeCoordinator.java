package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.probe.ProbeReason;
import io.sandboxegress.probepod.ProbeIdentity;
import io.sandboxegress.probepod.ProbePlan;
import io.sandboxegress.probepod.ProbePodFactory;
import io.sandboxegress.probepod.ProbePodReader;
import io.sandboxegress.probepod.ProbeRun;
import io.sandboxegress.probepod.ProbeVerdicts;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a SandboxEgress's probes: at most one probe pod at a time, started after every change of
 * the applied objects or targets and at each interval; its results read from its termination
 * message and the pod deleted; a pod that cannot finish reported as ProbeError, not waited on.
 */
final class ProbeCoordinator {

  private static final Duration DELETION_RECHECK = Duration.ofSeconds(2);
  static final Duration STUCK_TERMINATING = Duration.ofSeconds(30);
  private static final Duration REJECTED_RETRY = Duration.ofSeconds(60);
  static final Duration PROBE_ERROR_RETRY = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final ProbeSettings settings;

  ProbeCoordinator(KubernetesClient client, ProbeSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** The results known before this step, and what they were taken under. */
  record Known(List<ProbeStatus> probes, String probedBundle, String probedSettings) {

    static Known from(SandboxEgress cr) {
      SandboxEgressStatus status = cr.getStatus() == null ? new SandboxEgressStatus() : cr.getStatus();
      return new Known(status.getProbes(), status.getProbedBundle(), status.getProbedSettings());
    }
  }

  ProbeStep advance(SandboxEgress cr, Context<SandboxEgress> context, String bundleFingerprint, Instant now) {
    return advance(cr, Known.from(cr), context, bundleFingerprint, now);
  }

  /** One step of probing {@code bundleFingerprint}, from {@code known} rather than the CR's status. */
  ProbeStep advance(SandboxEgress cr, Known known, Context<SandboxEgress> context, String bundleFingerprint,
      Instant now) {
    ProbePlan plan = ProbePlan.of(cr, settings.startupAllowance());
    Optional<Pod> pod = context.getSecondaryResource(Pod.class, ClusterWatches.PROBE_PODS);
    if (!plan.hasTargets()) {
      pod.ifPresent(this::delete);
      return new ProbeStep(null, null, null,
          new Verification(ConditionStatus.True, ConditionReason.NoProbeTargets,
              "no probe targets configured"), List.of(), Optional.empty());
    }
    List<ProbeStatus> probes = known.probes();
    String probedBundle = known.probedBundle();
    String probedSettings = known.probedSettings();
    List<ProbeStatus> changes = List.of();
    boolean running = false;
    Duration recheck = null;
    if (pod.isPresent() && pod.get().getMetadata().getDeletionTimestamp() != null) {
      // already read and being deleted: neither read it again nor start the next run yet
      running = true;
      recheck = DELETION_RECHECK;
      if (stuckTerminating(pod.get(), now)) {
        forceDelete(pod.get());
      }
    } else if (pod.isPresent() && isFor(pod.get(), plan, bundleFingerprint)) {
      ProbeRun run = ProbePodReader.read(pod.get(), now);
      if (run instanceof ProbeRun.InProgress inProgress) {
        running = true;
        recheck = inProgress.remaining();
      } else {
        List<ProbeStatus> observed = run instanceof ProbeRun.Finished finished
            ? ProbeVerdicts.of(plan.targets(), finished.results(), now)
            : ProbeVerdicts.error(plan.targets(), ((ProbeRun.Stuck) run).detail(), now);
        changes = ProbeVerdicts.changes(probes, observed);
        probes = observed;
        probedBundle = bundleFingerprint;
        probedSettings = plan.fingerprint();
        delete(pod.get());
      }
    } else {
      pod.ifPresent(this::delete);
    }
    // results count only for the objects and the probe settings they were taken under
    boolean verifiesThisBundle = bundleFingerprint.equals(probedBundle) && plan.fingerprint().equals(probedSettings)
        && probes != null;
    if (!running) {
      Duration interval = verifiesThisBundle ? nextInterval(probes, plan) : plan.interval();
      Optional<Instant> nextRun = verifiesThisBundle ? lastChecked(probes).map(t -> t.plus(interval))
          : Optional.empty();
      if (nextRun.isEmpty() || !nextRun.get().isAfter(now)) {
        Optional<String> refused = start(cr, plan, context, bundleFingerprint);
        if (refused.isPresent()) {
          return new ProbeStep(probes, probedBundle, probedSettings, new Verification(ConditionStatus.False,
              ConditionReason.ProbePodRejected,
              "cannot start probe pod " + plan.podName() + ": " + refused.get()), changes,
              Optional.of(REJECTED_RETRY));
        }
        recheck = plan.deadline();
      } else {
        recheck = Duration.between(now, nextRun.get());
      }
    }
    return new ProbeStep(probes, probedBundle, probedSettings, verification(probes, verifiesThisBundle, plan),
        changes, Optional.of(recheck));
  }

  /**
   * Starts the run; a pod the API server refuses (quota, Pod Security admission, a missing
   * runtime class) is reported in {@code Verified}, not as a failed apply, and tried again later.
   */
  private Optional<String> start(SandboxEgress cr, ProbePlan plan, Context<SandboxEgress> context,
      String bundleFingerprint) {
    ProbeIdentity identity = ProbeIdentity.choose(ClusterWatches.aSandbox(context, cr), cr.getSpec().getProbes());
    Pod pod = ProbePodFactory.build(cr, plan, identity, settings.image(), bundleFingerprint);
    try {
      client.pods().inNamespace(cr.getMetadata().getNamespace()).resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // the previous pod is still being deleted: the next reconciliation starts the run
        return Optional.empty();
      }
      if (e.getCode() >= 400 && e.getCode() < 500) {
        return Optional.of(e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage() : e.getMessage());
      }
      throw e;
    }
    return Optional.empty();
  }

  private void delete(Pod pod) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
  }

  /**
   * A probe pod still there {@link #STUCK_TERMINATING} after its grace period ended: its kubelet
   * will not confirm the deletion (its node is gone, or a deletion raced with the pod's last status
   * update and was never completed). Without this the next run could never start, since it reuses
   * the pod's name, and the SandboxEgress would stay {@code Probing} for good.
   */
  static boolean stuckTerminating(Pod pod, Instant now) {
    String deletion = pod.getMetadata().getDeletionTimestamp();
    return deletion != null && Instant.parse(deletion).plus(STUCK_TERMINATING).isBefore(now);
  }

  /** What a kubelet does to confirm a deletion: delete with no grace period left. */
  private void forceDelete(Pod pod) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .withGracePeriod(0).delete();
  }

  private static boolean isFor(Pod pod, ProbePlan plan, String bundleFingerprint) {
    var annotations = pod.getMetadata().getAnnotations();
    return annotations != null
        && bundleFingerprint.equals(annotations.get(ProbePodFactory.BUNDLE_ANNOTATION))
        && plan.fingerprint().equals(annotations.get(ProbePodFactory.TARGETS_ANNOTATION));
  }

  /**
   * A run that could not probe (ProbeError: the pod was evicted, its node went away, it hung past
   * its deadline) proves nothing either way: it is tried again soon, not a whole interval later.
   */
  static Duration nextInterval(List<ProbeStatus> probes, ProbePlan plan) {
    boolean couldNotProbe = probes.stream()
        .anyMatch(p -> ProbeVerdicts.reason(p).filter(r -> r == ProbeReason.ProbeError).isPresent());
    return couldNotProbe && plan.interval().compareTo(PROBE_ERROR_RETRY) > 0 ? PROBE_ERROR_RETRY : plan.interval();
  }

  private static Optional<Instant> lastChecked(List<ProbeStatus> probes) {
    return probes.stream().map(ProbeStatus::getCheckedAt).filter(Objects::nonNull)
        .map(Instant::parse).min(Instant::compareTo);
  }

  private static Verification verification(List<ProbeStatus> probes, boolean verifiesThisBundle, ProbePlan plan) {
    if (!verifiesThisBundle) {
      return new Verification(ConditionStatus.Unknown, ConditionReason.Probing,
          "probing " + plan.targets().size() + " targets with pod " + plan.podName());
    }
    long passed = probes.stream().filter(ProbeVerdicts::passed).count();
    String summary = passed + "/" + probes.size() + " probes as expected";
    if (passed == probes.size()) {
      return new Verification(ConditionStatus.True, ConditionReason.Verified, summary);
    }
    String failing = probes.stream().filter(p -> !ProbeVerdicts.passed(p))
        .map(ProbeVerdicts::describe).findFirst().orElse("");
    return new Verification(ConditionStatus.False, ConditionReason.ProbesFailed, summary + "; " + failing);
  }
}
