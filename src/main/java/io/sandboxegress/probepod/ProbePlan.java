package io.sandboxegress.probepod;

import io.sandboxegress.api.ProbeTarget;
import io.sandboxegress.api.ProbesSpec;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.ObjectNames;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One probe run for a SandboxEgress: its targets, per-target timeout and the deadline of the pod.
 *
 * @param podName the deterministic name of the CR's (only) probe pod
 * @param targets the targets in spec order
 * @param timeout per target
 * @param interval between scheduled runs
 * @param deadline the pod's activeDeadlineSeconds: every target's timeout plus the startup allowance
 * @param fingerprint identifies every probe setting (targets, timeout, interval, identity): results
 *     taken under other settings do not count, so any change of them is probed again
 */
public record ProbePlan(String podName, List<ProbeTarget> targets, Duration timeout, Duration interval,
    Duration deadline, String fingerprint) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 5;
  public static final int DEFAULT_INTERVAL_SECONDS = 300;

  public static ProbePlan of(SandboxEgress cr, Duration startupAllowance) {
    ProbesSpec probes = cr.getSpec().getProbes();
    List<ProbeTarget> targets = probes == null || probes.getTargets() == null ? List.of() : probes.getTargets();
    int timeoutSeconds = probes == null || probes.getTimeoutSeconds() == null
        ? DEFAULT_TIMEOUT_SECONDS : probes.getTimeoutSeconds();
    int intervalSeconds = probes == null || probes.getIntervalSeconds() == null
        ? DEFAULT_INTERVAL_SECONDS : probes.getIntervalSeconds();
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    String fingerprint = ObjectNames.shortHash(targets.stream()
        .map(t -> t.getExpect() + " " + t.getUrl()).collect(Collectors.joining("\n"))
        + "\ntimeout " + timeoutSeconds + "\ninterval " + intervalSeconds
        + "\nserviceAccount " + (probes == null ? null : probes.getServiceAccountName())
        + "\nruntimeClass " + (probes == null ? null : probes.getRuntimeClassName()));
    return new ProbePlan(ObjectNames.forOwner(cr.getMetadata().getName(), "probe"), List.copyOf(targets),
        timeout, Duration.ofSeconds(intervalSeconds),
        timeout.multipliedBy(Math.max(1, targets.size())).plus(startupAllowance), fingerprint);
  }

  public boolean hasTargets() {
    return !targets.isEmpty();
  }
}
