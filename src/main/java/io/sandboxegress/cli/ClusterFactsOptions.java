package io.sandboxegress.cli;

import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.plan.InsideNames;
import io.sandboxegress.plan.IpBlock;
import io.sandboxegress.plan.ObjectMetaCheck;
import io.sandboxegress.plan.ProtectedNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * The facts about the cluster that a SandboxEgress compiles with and that the cluster cannot be
 * asked for, given as the operator's own flags: one {@code @Mixin} of {@code render} and
 * {@code diagnose}, so that both take the same options, spelled, split, defaulted and checked the
 * same way.
 */
final class ClusterFactsOptions {

  @Option(names = "--pod-cidr", split = ",", paramLabel = "CIDR",
      description = "A pod range of the cluster, as the operator's --pod-cidr; stays blocked unless a"
          + " rule says private: true.")
  private List<String> podCidrs = new ArrayList<>();

  @Option(names = "--service-cidr", split = ",", paramLabel = "CIDR",
      description = "A service range of the cluster, as the operator's --service-cidr; stays blocked"
          + " unless a rule says private: true.")
  private List<String> serviceCidrs = new ArrayList<>();

  @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = ClusterNetworks.DEFAULT_CLUSTER_DOMAIN,
      description = "The cluster's DNS domain (default: ${DEFAULT-VALUE}); a host rule under it"
          + " needs private: true.")
  private String clusterDomain;

  @Option(names = "--protected-namespace", split = ",", paramLabel = "NS",
      description = "A namespace where the operator refuses SandboxEgresses (its --protected-namespace"
          + " and its own namespace), beyond kube-system and istio-system, refused in any case.")
  private List<String> protectedNamespaces = new ArrayList<>();

  /** What the options' values would be refused for, one line each naming the option. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    checkCidrs("--pod-cidr", podCidrs, problems);
    checkCidrs("--service-cidr", serviceCidrs, problems);
    InsideNames.domainProblem(clusterDomain).ifPresent(problem -> problems.add("--cluster-domain: " + problem));
    for (String namespace : protectedNamespaces) {
      if (!ObjectMetaCheck.isNamespaceName(namespace)) {
        problems.add("--protected-namespace: '" + namespace + "' is not a namespace name");
      }
    }
    return problems;
  }

  /** The cluster's ranges and domain, as the operator builds them from the same flags. */
  ClusterNetworks networks() {
    return ClusterNetworks.defaults(podCidrs, serviceCidrs).withClusterDomain(clusterDomain);
  }

  /** The namespaces where a SandboxEgress is refused: the built-in ones and the options'. */
  Set<String> protectedNamespaces() {
    Set<String> refused = new TreeSet<>(ProtectedNamespace.ALWAYS);
    refused.addAll(protectedNamespaces);
    return refused;
  }

  private static void checkCidrs(String option, List<String> cidrs, List<String> problems) {
    for (String cidr : cidrs) {
      if (IpBlock.parse(cidr == null ? null : cidr.trim()).isEmpty()) {
        problems.add(option + ": '" + cidr + "' is not an IPv4 or IPv6 block such as 10.244.0.0/16");
      }
    }
  }
}
