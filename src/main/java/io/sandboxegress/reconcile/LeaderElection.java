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

  public static LeaderElection inNamespace(String namespace) {
    return new LeaderElection(namespace, LEASE_NAME, Duration.ofSeconds(15), Duration.ofSeconds(10),
        Duration.ofSeconds(2), true);
  }
}
