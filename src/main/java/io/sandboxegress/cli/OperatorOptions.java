package io.sandboxegress.cli;

import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.reconcile.LeaderElection;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The operator's settings, from flags or the environment the Helm chart sets. */
final class OperatorOptions {

  @Option(names = "--watch-namespace", split = ",", defaultValue = "${env:WATCH_NAMESPACES}",
      description = "Namespaces to watch (repeat or comma-separate; default: all). Env WATCH_NAMESPACES.")
  List<String> watchNamespaces = new ArrayList<>();

  @Option(names = "--protected-namespace", split = ",", defaultValue = "${env:PROTECTED_NAMESPACES}",
      description = "Namespaces where a SandboxEgress is refused, besides kube-system, istio-system and"
          + " the operator's own. Env PROTECTED_NAMESPACES.")
  List<String> protectedNamespaces = new ArrayList<>();

  @Option(names = "--operator-namespace", defaultValue = "${env:POD_NAMESPACE}",
      description = "The operator's own namespace (protected). Env POD_NAMESPACE.")
  String operatorNamespace;

  @Option(names = "--pod-cidr", split = ",", defaultValue = "${env:POD_CIDRS}",
      description = "The cluster's pod ranges, kept blocked. Env POD_CIDRS.")
  List<String> podCidrs = new ArrayList<>();

  @Option(names = "--service-cidr", split = ",", defaultValue = "${env:SERVICE_CIDRS}",
      description = "The cluster's service ranges, kept blocked. Env SERVICE_CIDRS.")
  List<String> serviceCidrs = new ArrayList<>();

  @Option(names = "--cluster-domain",
      defaultValue = "${env:CLUSTER_DOMAIN:-" + ClusterNetworks.DEFAULT_CLUSTER_DOMAIN + "}",
      description = "The cluster's DNS domain (default: ${DEFAULT-VALUE}): a host rule under it"
          + " needs private: true. Env CLUSTER_DOMAIN.")
  String clusterDomain;

  @Option(names = "--resync-seconds", defaultValue = "300",
      description = "How often an unchanged SandboxEgress is checked again (default: ${DEFAULT-VALUE}).")
  long resyncSeconds;

  @Option(names = "--probe-image", defaultValue = "${env:PROBE_IMAGE:-" + ProbeSettings.DEFAULT_IMAGE + "}",
      description = "The image probe pods run (this operator's image). Env PROBE_IMAGE.")
  String probeImage;

  @Option(names = "--probe-startup-seconds", defaultValue = "60",
      description = "Time a probe pod may take to start before it is reported stuck (default: ${DEFAULT-VALUE}).")
  long probeStartupSeconds;

  @Option(names = "--leader-election-namespace", defaultValue = "${env:LEADER_ELECTION_NAMESPACE}",
      description = "Elect a leader through a Lease in this namespace (for several replicas)."
          + " Env LEADER_ELECTION_NAMESPACE. Without it, this instance reconciles alone.")
  String leaderElectionNamespace;

  @Option(names = "--policy-reports", defaultValue = "${env:POLICY_REPORTS:-false}", fallbackValue = "true",
      arity = "0..1",
      description = "Also write each SandboxEgress's probe verdicts as a wgpolicyk8s.io/v1alpha2 PolicyReport"
          + " (for Policy Reporter and Kyverno's UIs; the cluster needs its CRD). Env POLICY_REPORTS"
          + " (default: ${DEFAULT-VALUE}).")
  boolean policyReports;

  OperatorConfig toConfig() {
    return new OperatorConfig(operatorNamespace, new HashSet<>(nonBlank(protectedNamespaces)),
        new HashSet<>(nonBlank(watchNamespaces)),
        ClusterNetworks.defaults(nonBlank(podCidrs), nonBlank(serviceCidrs))
            .withClusterDomain(clusterDomain),
        Duration.ofSeconds(resyncSeconds),
        new ProbeSettings(probeImage, Duration.ofSeconds(probeStartupSeconds)),
        leaderElectionNamespace == null || leaderElectionNamespace.isBlank()
            ? null : LeaderElection.inNamespace(leaderElectionNamespace),
        policyReports);
  }

  /** What {@code run} should warn about before it starts (see {@link StartupWarnings}). */
  List<String> startupWarnings(boolean inCluster) {
    return StartupWarnings.of(probeImage, nonBlank(podCidrs), nonBlank(serviceCidrs), inCluster);
  }

  String instance() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "sandbox-egress-operator";
    }
  }

  private static List<String> nonBlank(List<String> values) {
    return values == null ? List.of()
        : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
  }
}
