package io.sandboxegress.reconcile;

import java.time.Duration;

/**
 * Leader election through a Lease, so that with several replicas exactly one reconciles.
 *
 * @param leaseNamespace where the Lease lives (the operator's namespace)
 * @param leaseName the Lease's name
 * @param leaseDuration how long a leader's claim lasts without renewal
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod how often candidates try to acquire the Lease
 * @param exitOnStopLeading end the process when leadership is lost (the safe choice in a pod)
 */
public record LeaderElection(String leaseNamespace, String leaseName, Duration leaseDuration,
    Duration renewDeadline, Duration retryPeriod, boolean exitOnStopLeading) {

  public static final String LEASE_NAME = "sandbox-egress-operator";

  /**
   * 10 s lease, 7 s renew deadline, 1 s retry: a follower takes over at most about 12 s after the
   * leader's last renewal (the lease, then its next retry, which fabric8 spreads over up to 2.2
   * retry periods), so a killed leader's work resumes within the 15 s the operator promises.
   * Kubernetes' own controllers use 15/10/2, measured here as 16–19 s to fail over. The price: a
   * leader that cannot reach the API server for 7 s gives up and exits; started again, it waits
   * for the API server instead of exiting again ({@code run --wait-for-cluster}, the default in a
   * pod), so an outage costs one restart, not a crash loop.
   */
  public static LeaderElection inNamespace(String namespace) {
    return new LeaderElection(namespace, LEASE_NAME, Duration.ofSeconds(10), Duration.ofSeconds(7),
        Duration.ofSeconds(1), true);
  }
}
