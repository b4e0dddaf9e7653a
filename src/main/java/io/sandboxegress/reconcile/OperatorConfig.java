package io.sandboxegress.reconcile;

import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.plan.ProtectedNamespace;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * How this operator instance runs.
 *
 * @param operatorNamespace the namespace the operator runs in (always protected)
 * @param protectedNamespaces namespaces where a SandboxEgress is refused, beyond the built-in ones
 * @param watchNamespaces namespaces to watch; empty means all
 * @param networks the cluster's pod/service ranges and control-plane pods
 * @param resyncInterval how often an unchanged SandboxEgress is checked again
 * @param probes how probe pods are run
 * @param leaderElection how replicas elect the one that reconciles; null when only one runs
 * @param policyReports whether probe verdicts are also written as a wgpolicyk8s.io PolicyReport
 */
public record OperatorConfig(
    String operatorNamespace,
    Set<String> protectedNamespaces,
    Set<String> watchNamespaces,
    ClusterNetworks networks,
    Duration resyncInterval,
    ProbeSettings probes,
    LeaderElection leaderElection,
    boolean policyReports) {

  public static final Set<String> ALWAYS_PROTECTED = ProtectedNamespace.ALWAYS;

  public OperatorConfig {
    protectedNamespaces = Set.copyOf(protectedNamespaces);
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** Without policy reports (the default). */
  public OperatorConfig(String operatorNamespace, Set<String> protectedNamespaces, Set<String> watchNamespaces,
      ClusterNetworks networks, Duration resyncInterval, ProbeSettings probes, LeaderElection leaderElection) {
    this(operatorNamespace, protectedNamespaces, watchNamespaces, networks, resyncInterval, probes,
        leaderElection, false);
  }

  public OperatorConfig withPolicyReports(boolean enabled) {
    return new OperatorConfig(operatorNamespace, protectedNamespaces, watchNamespaces, networks, resyncInterval,
        probes, leaderElection, enabled);
  }

  /** Every namespace where a SandboxEgress is refused, sorted. */
  public Set<String> allProtectedNamespaces() {
    Set<String> all = new TreeSet<>(ALWAYS_PROTECTED);
    all.addAll(protectedNamespaces);
    if (operatorNamespace != null && !operatorNamespace.isBlank()) {
      all.add(operatorNamespace);
    }
    return all;
  }

  public boolean isProtected(String namespace) {
    return allProtectedNamespaces().contains(namespace);
  }
}
