package io.sandboxegress.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.compile.Compilation;
import io.sandboxegress.compile.CompileFacts;
import io.sandboxegress.compile.EgressCompiler;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.IstioDiscovery;
import io.sandboxegress.facts.IstioMesh;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sandboxegress.lab.LabPreconditions;
import io.sandboxegress.local.CrdSources;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.local.LocalApiServer;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.reconcile.SandboxEgressOperator;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code demo}: the whole job with no cluster at hand. Where the machine allows it (root, network
 * namespaces, the lab binaries) it runs on the data-plane lab ({@link LabDemo}): real probes, a real
 * rollback. Elsewhere it starts the local API server the tests use, installs the CRDs, runs the
 * operator against it, applies the Daytona example and prints what the operator rendered and the
 * SandboxEgress's status (no probe runs there), then stops.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the operator with the Daytona example against a local kube-apiserver (on the data-plane"
        + " lab where this machine allows it), print the result, stop.")
final class DemoCommand implements Callable<Integer> {

  static final String NAMESPACE = "daytona";

  @Option(names = "--project-dir", defaultValue = ".",
      description = "The project checkout (holds crd/ and examples/; default: current directory).")
  Path projectDir;

  @Option(names = "-f", defaultValue = "examples/daytona-sandbox-egress.yaml",
      description = "The SandboxEgress to apply, relative to the project (default: ${DEFAULT-VALUE}).")
  Path example;

  @Option(names = "--timeout-seconds", defaultValue = "60",
      description = "How long to wait until the operator has applied the example, and on the lab for each"
          + " probe verdict (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--api-only",
      description = "Skip the data-plane lab even where it could run: API server only, no probe runs.")
  boolean apiOnly;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String whyNoLab = apiOnly ? "--api-only" : LabPreconditions.whyNot();
    if (whyNoLab == null) {
      return new LabDemo(projectDir, example, timeoutSeconds, out).run();
    }
    out.println("# no data-plane lab (" + whyNoLab + "): the API-only demo, where no probe runs");
    out.flush();
    return apiOnlyDemo(out);
  }

  private Integer apiOnlyDemo(PrintWriter out) throws Exception {
    out.println("# starting a local kube-apiserver and etcd, installing crd/ and Istio's CRDs");
    out.flush();
    try (LocalApiServer server = LocalApiServer.start(CrdSources.all(projectDir));
        SandboxEgressOperator operator = SandboxEgressOperator.start(server.client(), config(), "demo",
            new OperatorMetrics(new SimpleMeterRegistry()))) {
      KubernetesClient client = server.client();
      prepareNamespace(client);
      SandboxEgress applied = apply(client);
      out.println("# applied " + example + "; waiting until the operator has applied it");
      out.flush();
      SandboxEgress ready = client.resources(SandboxEgress.class).inNamespace(NAMESPACE)
          .withName(applied.getMetadata().getName())
          .waitUntilCondition(cr -> hasCondition(cr, "Applied", "True"), timeoutSeconds, TimeUnit.SECONDS);
      out.println("# the objects the operator applied: what EgressCompiler renders for it with this cluster's facts,"
          + " read back from the cluster");
      for (HasMetadata object : applied(client, ready, config(), out)) {
        object.getMetadata().setManagedFields(null);
        out.print(Serialization.asYaml(object));
      }
      out.println("# the probe pod the operator started; the local API server has no kubelet, so it never"
          + " runs here: Verified stays Unknown and Ready False until a real cluster runs it");
      out.print(kubectl(server, "get", "pods", "-n", NAMESPACE, "-l", "sandboxegress.io/probe=true",
          "-o", "custom-columns=NAME:.metadata.name,SERVICEACCOUNT:.spec.serviceAccountName,ARGS:.spec.containers[0].args"));
      out.println("# kubectl get sandboxegress -n " + NAMESPACE);
      out.print(kubectl(server, "get", "sandboxegress", "-n", NAMESPACE));
      out.println("# status of SandboxEgress " + NAMESPACE + "/" + ready.getMetadata().getName());
      out.print(Serialization.asYaml(Map.of("status", ready.getStatus())));
      out.flush();
    }
    out.println("# stopped the operator and the local API server");
    out.flush();
    return 0;
  }

  static OperatorConfig config() {
    return new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")),
        Duration.ofMinutes(5), ProbeSettings.defaults(), null);
  }

  /** A namespace in the Istio sidecar mesh, with two sandbox pods (no kubelet runs them). */
  private static void prepareNamespace(KubernetesClient client) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
        .addToLabels("istio-injection", "enabled").endMetadata().build()).serverSideApply();
    for (int i = 1; i <= 2; i++) {
      client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
          .withNewMetadata().withName("sandbox-" + i).addToLabels("app", "daytona-sandbox").endMetadata()
          .withNewSpec().addNewContainer().withName("sandbox").withImage("daytonaio/sandbox:latest")
          .endContainer().endSpec().build()).serverSideApply();
    }
  }

  private SandboxEgress apply(KubernetesClient client) throws Exception {
    try (InputStream in = Files.newInputStream(projectDir.resolve(example))) {
      SandboxEgress cr = Serialization.unmarshal(in, SandboxEgress.class);
      cr.getMetadata().setNamespace(NAMESPACE);
      return client.resource(cr).serverSideApply();
    }
  }

  /**
   * The objects the operator applied for {@code cr}: those {@link EgressCompiler} renders for it
   * with the facts the operator has (Istio's APIs served, the namespace's labels, {@code config}'s
   * ranges and protected namespaces), as they are in the cluster. One the cluster lacks, or a spec
   * the compiler refuses, is said on {@code out}.
   */
  static List<HasMetadata> applied(KubernetesClient client, SandboxEgress cr, OperatorConfig config,
      PrintWriter out) {
    Namespace namespace = client.namespaces().withName(cr.getMetadata().getNamespace()).get();
    Map<String, String> labels = namespace == null || namespace.getMetadata().getLabels() == null ? Map.of()
        : namespace.getMetadata().getLabels();
    Compilation compiled = new EgressCompiler().compile(cr, labels, new CompileFacts(
        new IstioDiscovery(client, Clock.systemUTC()).istioInstalled(), config.networks(), IstioMesh.defaults(),
        config.allProtectedNamespaces()));
    if (compiled.isRefused()) {
      out.println("# refused (" + compiled.refusedReason().wire() + "): " + compiled.errors());
      return List.of();
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (HasMetadata rendered : compiled.bundle().objects()) {
      HasMetadata live = client.resource(rendered).get();
      if (live == null) {
        out.println("# not in the cluster: " + rendered.getKind() + " " + rendered.getMetadata().getNamespace()
            + "/" + rendered.getMetadata().getName());
      } else {
        objects.add(live);
      }
    }
    return objects;
  }

  /** Whether the status is for the current generation and condition {@code type} is {@code status}. */
  static boolean hasCondition(SandboxEgress cr, String type, String status) {
    return cr != null && cr.getStatus() != null
        && cr.getMetadata().getGeneration().equals(cr.getStatus().getObservedGeneration())
        && cr.getStatus().getConditions() != null
        && cr.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
  }

  static String kubectl(LocalApiServer server, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(server.kubectl().toString(),
        "--kubeconfig", server.kubeconfig().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return output;
  }
}
