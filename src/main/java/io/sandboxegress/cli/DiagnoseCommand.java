package io.sandboxegress.cli;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sandboxegress.diagnose.Diagnoser;
import io.sandboxegress.diagnose.IstioNamespaces;
import io.sandboxegress.diagnose.SelectorText;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.plan.InsideNames;
import io.sandboxegress.plan.IpBlock;
import io.sandboxegress.plan.ObjectMetaCheck;
import io.sandboxegress.plan.ProtectedNamespace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diagnose -n NAMESPACE [-l selector]}: why the sandboxes of a namespace reach what they
 * reach, read from the cluster. Exits 0 when it could diagnose (conflicts or not), 1 when the
 * cluster cannot be read, 2 on bad arguments.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
    description = {"Explains, for one namespace, what decides the sandboxes' egress: the data plane,"
        + " the SandboxEgress objects and their status, the NetworkPolicies, Sidecars and"
        + " AuthorizationPolicies that select the sandboxes, and each conflict with its fix.",
        "Works without any SandboxEgress. Exits 0 when it could diagnose (even with conflicts),"
        + " 1 when the cluster cannot be reached, 2 on bad arguments."})
final class DiagnoseCommand implements Callable<Integer> {

  static final int DIAGNOSED = 0;
  static final int UNREACHABLE = 1;
  static final int BAD_ARGUMENTS = 2;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-n", "--namespace"}, required = true, paramLabel = "NAMESPACE",
      description = "The sandboxes' namespace.")
  private String namespace;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "The sandbox pods' labels, as kubectl takes them (app=daytona-sandbox,tier=a;"
          + " also key!=value, key, !key). Default: the SandboxEgress objects' podSelectors, or every"
          + " pod when there is none.")
  private String selector;

  @Option(names = "--kubeconfig", paramLabel = "PATH",
      description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster).")
  private Path kubeconfig;

  @Option(names = "--istio-root-namespace", paramLabel = "NS", defaultValue = IstioNamespaces.DEFAULT,
      description = "Istio's root namespace, where an AuthorizationPolicy applies mesh-wide"
          + " (default: ${DEFAULT-VALUE}).")
  private String rootNamespace;

  @Option(names = "--mesh-config-namespace", paramLabel = "NS", defaultValue = IstioNamespaces.DEFAULT,
      description = "The namespace of Istio's 'istio' ConfigMap with the mesh config"
          + " (default: ${DEFAULT-VALUE}).")
  private String meshConfigNamespace;

  @Option(names = "--pod-cidr", split = ",", paramLabel = "CIDR",
      description = "A pod range of the cluster, as the operator's --pod-cidr: what a SandboxEgress"
          + " compiles to depends on it.")
  private List<String> podCidrs = new ArrayList<>();

  @Option(names = "--service-cidr", split = ",", paramLabel = "CIDR",
      description = "A service range of the cluster, as the operator's --service-cidr.")
  private List<String> serviceCidrs = new ArrayList<>();

  @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = ClusterNetworks.DEFAULT_CLUSTER_DOMAIN,
      description = "The cluster's DNS domain (default: ${DEFAULT-VALUE}).")
  private String clusterDomain;

  @Option(names = "--protected-namespace", split = ",", paramLabel = "NS",
      description = "A namespace where the operator refuses SandboxEgresses (its --protected-namespace and its"
          + " own namespace), beyond the built-in kube-system, kube-public, kube-node-lease and istio-system.")
  private List<String> protectedNamespaces = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<LabelSelector> sandboxes;
    Config config;
    try {
      sandboxes = selector == null ? Optional.empty() : Optional.of(selector(selector));
      checkFacts();
      config = config();
    } catch (IllegalArgumentException | IOException e) {
      return fail(err, BAD_ARGUMENTS, e instanceof IOException
          ? "--kubeconfig: cannot read " + kubeconfig + ": " + ErrorLine.of(e)
          : e.getMessage());
    }
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      Set<String> refused = new TreeSet<>(ProtectedNamespace.ALWAYS);
      refused.addAll(protectedNamespaces);
      boolean found = new Diagnoser(client, new IstioNamespaces(rootNamespace, meshConfigNamespace),
          ClusterNetworks.defaults(podCidrs, serviceCidrs).withClusterDomain(clusterDomain), refused)
          .diagnose(namespace, sandboxes, out);
      if (!found) {
        return fail(err, BAD_ARGUMENTS, "namespace " + namespace + " not found in the cluster at "
            + config.getMasterUrl());
      }
      return DIAGNOSED;
    } catch (KubernetesClientException e) {
      out.flush();
      return fail(err, UNREACHABLE, "cannot read the cluster at " + config.getMasterUrl() + ": "
          + ErrorLine.of(e));
    }
  }

  private static LabelSelector selector(String text) {
    try {
      return SelectorText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-l: " + e.getMessage(), e);
    }
  }

  /** The facts the cluster cannot be asked for, checked as render checks them. */
  private void checkFacts() {
    for (String cidr : podCidrs) {
      checkCidr("--pod-cidr", cidr);
    }
    for (String cidr : serviceCidrs) {
      checkCidr("--service-cidr", cidr);
    }
    InsideNames.domainProblem(clusterDomain).ifPresent(problem -> {
      throw new IllegalArgumentException("--cluster-domain: " + problem);
    });
    for (String ns : protectedNamespaces) {
      if (!ObjectMetaCheck.isNamespaceName(ns)) {
        throw new IllegalArgumentException("--protected-namespace: '" + ns + "' is not a namespace name");
      }
    }
  }

  private static void checkCidr(String option, String cidr) {
    if (IpBlock.parse(cidr == null ? null : cidr.trim()).isEmpty()) {
      throw new IllegalArgumentException(option + ": '" + cidr + "' is not an IPv4 or IPv6 block such as 10.244.0.0/16");
    }
  }

  private Config config() throws IOException {
    Config config = kubeconfig == null ? Config.autoConfigure(null)
        : Config.fromKubeconfig(Files.readString(kubeconfig));
    // A person is waiting: a few quick retries ride out a busy API server (429, 5xx), but an
    // unreachable one is reported within seconds, not after the client's default back-off.
    config.setRequestRetryBackoffLimit(3);
    config.setRequestRetryBackoffInterval(250);
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(30_000);
    return config;
  }

  private static int fail(PrintWriter err, int code, String message) {
    err.println(message);
    err.flush();
    return code;
  }
}
