package io.sandboxegress.cli;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sandboxegress.diagnose.Diagnoser;
import io.sandboxegress.diagnose.IstioNamespaces;
import io.sandboxegress.diagnose.SelectorText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin
  private ClusterFactsOptions clusterFacts = new ClusterFactsOptions();

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
      boolean found = new Diagnoser(client, new IstioNamespaces(rootNamespace, meshConfigNamespace),
          clusterFacts.networks(), clusterFacts.protectedNamespaces())
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

  /** The facts the cluster cannot be asked for, checked as render checks them: the first problem. */
  private void checkFacts() {
    clusterFacts.problems().stream().findFirst().ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
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
