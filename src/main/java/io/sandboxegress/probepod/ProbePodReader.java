package io.sandboxegress.probepod;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.sandboxegress.probe.ProbeResults;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads a probe pod's state from the pod object alone: the probe container's termination message
 * once it terminated (an Istio sidecar may keep the pod running after that), otherwise how long it
 * may still take before it counts as stuck.
 */
public final class ProbePodReader {

  /** Extra time past the pod's deadline for the kubelet to report it, before it counts as stuck. */
  static final Duration REPORTING_GRACE = Duration.ofSeconds(5);

  private ProbePodReader() {}

  public static ProbeRun read(Pod pod, Instant now) {
    Optional<ContainerStateTerminated> terminated = probeContainer(pod)
        .map(ContainerStatus::getState)
        .map(state -> state.getTerminated());
    if (terminated.isPresent()) {
      return finished(pod, terminated.get());
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return new ProbeRun.Stuck("probe pod " + pod.getMetadata().getName() + " ended in phase " + phase
          + reasonOf(pod) + " without a result");
    }
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    Duration deadline = Duration.ofSeconds(pod.getSpec().getActiveDeadlineSeconds()).plus(REPORTING_GRACE);
    Duration remaining = Duration.between(now, created.plus(deadline));
    if (remaining.isNegative() || remaining.isZero()) {
      return new ProbeRun.Stuck("probe pod " + pod.getMetadata().getName() + " did not finish within "
          + deadline.toSeconds() + " s: phase " + (phase == null ? "unknown" : phase) + reasonOf(pod));
    }
    return new ProbeRun.InProgress(remaining);
  }

  private static ProbeRun finished(Pod pod, ContainerStateTerminated terminated) {
    String message = terminated.getMessage();
    if (message == null || message.isBlank()) {
      // the pod's own reason says why the container was stopped (Evicted, DeadlineExceeded)
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      String podReason = pod.getStatus() == null || pod.getStatus().getReason() == null ? ""
          : "; pod " + (phase == null ? "" : phase + " ") + reasonOf(pod).strip();
      return new ProbeRun.Stuck("probe container of " + pod.getMetadata().getName() + " exited with code "
          + terminated.getExitCode() + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")")
          + " and left no result" + podReason);
    }
    try {
      return new ProbeRun.Finished(ProbeResults.fromJson(message));
    } catch (IllegalArgumentException e) {
      return new ProbeRun.Stuck("probe container of " + pod.getMetadata().getName()
          + " left an unreadable result: " + e.getMessage());
    }
  }

  private static Optional<ContainerStatus> probeContainer(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> ProbePodFactory.CONTAINER.equals(c.getName()))
        .findFirst();
  }

  private static String reasonOf(Pod pod) {
    if (pod.getStatus() == null) {
      return "";
    }
    String reason = pod.getStatus().getReason();
    String message = pod.getStatus().getMessage();
    if (reason == null && message == null) {
      return probeContainer(pod)
          .map(ContainerStatus::getState)
          .filter(state -> state.getWaiting() != null)
          .map(state -> " (" + state.getWaiting().getReason() + ": " + state.getWaiting().getMessage() + ")")
          .orElse("");
    }
    return " (" + (reason == null ? "" : reason) + (message == null ? "" : ": " + message) + ")";
  }
}
