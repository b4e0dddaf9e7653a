package io.sandboxegress.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.lab.Lab;
import io.sandboxegress.local.CrdSources;
import io.sandboxegress.local.LocalApiServer;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.reconcile.SandboxEgressOperator;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The demo on the data-plane lab: the Daytona example in a sidecar-mesh namespace, its probe pod run
 * for real (Envoy, kube-router, kube-dns, the lab's internet), {@code VERIFIED True} from what it
 * saw; then one bad change (pypi.org dropped while a probe expects it) seen on the wire and rolled
 * back.
 */
final class LabDemo {

  private static final String NAMESPACE = DemoCommand.NAMESPACE;

  private final Path projectDir;
  private final Path example;
  private final long timeoutSeconds;
  private final PrintWriter out;

  LabDemo(Path projectDir, Path example, long timeoutSeconds, PrintWriter out) {
    this.projectDir = projectDir;
    this.example = example;
    this.timeoutSeconds = Math.max(timeoutSeconds, 90);
    this.out = out;
  }

  int run() throws Exception {
    Instant started = Instant.now();
    say("# starting a local kube-apiserver and etcd, then the data-plane lab: kube-router enforcing"
        + " NetworkPolicies, kube-dns, istiod with upstream Envoy sidecars, an internet at documentation addresses");
    try (LocalApiServer server = LocalApiServer.start(CrdSources.all(projectDir));
        Lab lab = Lab.start(server)) {
      KubernetesClient client = server.client();
      lab.enableSidecarMesh();
      prepareNamespace(client, lab);
      try (SandboxEgressOperator operator = SandboxEgressOperator.start(client, config(lab), "demo",
          new OperatorMetrics(new SimpleMeterRegistry()))) {
        SandboxEgress cr = load();
        String name = cr.getMetadata().getName();
        client.resource(cr).serverSideApply();
        say("# applied " + example + "; the operator applies it, then its probe pod runs in a sandbox's identity");
        SandboxEgress verified = await(client, name, c -> DemoCommand.hasCondition(c, "Verified", "True"));
        say("# the objects the operator applied (what EgressCompiler renders for it with this cluster's facts)");
        for (HasMetadata object : DemoCommand.applied(client, verified, config(lab), out)) {
          out.println("  " + object.getKind() + " " + object.getMetadata().getName());
        }
        say("# kubectl get sandboxegress -n " + NAMESPACE);
        out.print(DemoCommand.kubectl(server, "get", "sandboxegress", "-n", NAMESPACE));
        say("# what the probe saw, from a sandbox's own network identity");
        printProbes(verified);

        SandboxEgress bad = load();
        bad.getSpec().getAllow().removeIf(rule -> "pypi.org".equals(rule.getHost()));
        long badGeneration = client.resource(bad).forceConflicts().serverSideApply().getMetadata().getGeneration();
        say("# a bad change: pypi.org dropped from spec.allow while a probe expects it Reachable");
        SandboxEgress rolledBack = await(client, name, c -> c.getMetadata().getGeneration() == badGeneration
            && DemoCommand.hasCondition(c, "RolledBack", "True"));
        say("# the probe saw the regression on the wire; the operator rolled back:");
        rolledBack.getStatus().getConditions().stream().filter(c -> "RolledBack".equals(c.getType()))
            .forEach(c -> out.println("  RolledBack=" + c.getStatus() + " (" + c.getReason() + "): " + c.getMessage()));
        SandboxEgress again = await(client, name, c -> DemoCommand.hasCondition(c, "Verified", "True")
            && c.getStatus().getProbes().stream().allMatch(p -> p.getCheckedAt() != null
                && Instant.parse(p.getCheckedAt()).isAfter(Instant.parse(conditionTime(c, "RolledBack")))));
        say("# the last good revision, back in place, probed again:");
        printProbes(again);
        say("# kubectl get sandboxegress -n " + NAMESPACE);
        out.print(DemoCommand.kubectl(server, "get", "sandboxegress", "-n", NAMESPACE));
        say("# summary: VERIFIED True from a probe that really ran; a bad change rolled back within "
            + "seconds of the probe seeing it; demo took " + Duration.between(started, Instant.now()).toSeconds() + " s");
      }
    }
    say("# stopped the operator, the lab (its namespaces and processes) and the local API server");
    return 0;
  }

  private void prepareNamespace(KubernetesClient client, Lab lab) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
        .addToLabels("istio-injection", "enabled").endMetadata().build()).serverSideApply();
    lab.manage(NAMESPACE);
    for (int i = 1; i <= 2; i++) {
      client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
          .withNewMetadata().withName("sandbox-" + i).addToLabels("app", "daytona-sandbox").endMetadata()
          .withNewSpec().addNewContainer().withName("sandbox").withImage("daytonaio/sandbox:latest")
          .endContainer().endSpec().build()).serverSideApply();
    }
  }

  private static OperatorConfig config(Lab lab) {
    return new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(),
        ClusterNetworks.defaults(List.of(lab.podCidr()), List.of(lab.serviceCidr())),
        Duration.ofMinutes(5), new ProbeSettings(Lab.probeImage(), Duration.ofSeconds(60)), null);
  }

  private SandboxEgress load() throws Exception {
    try (InputStream in = Files.newInputStream(projectDir.resolve(example))) {
      SandboxEgress cr = Serialization.unmarshal(in, SandboxEgress.class);
      cr.getMetadata().setNamespace(NAMESPACE);
      return cr;
    }
  }

  private SandboxEgress await(KubernetesClient client, String name, Predicate<SandboxEgress> until) {
    try {
      return client.resources(SandboxEgress.class).inNamespace(NAMESPACE).withName(name)
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
              && until.test(c), timeoutSeconds, TimeUnit.SECONDS);
    } catch (KubernetesClientTimeoutException e) {
      SandboxEgress now = client.resources(SandboxEgress.class).inNamespace(NAMESPACE).withName(name).get();
      say("# not within " + timeoutSeconds + " s; the status now:");
      out.print(Serialization.asYaml(now == null ? null : now.getStatus()));
      out.flush();
      throw e;
    }
  }

  private static String conditionTime(SandboxEgress cr, String type) {
    return cr.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
        .map(c -> c.getLastTransitionTime()).findFirst().orElse(Instant.EPOCH.toString());
  }

  private void printProbes(SandboxEgress cr) {
    for (ProbeStatus probe : cr.getStatus().getProbes()) {
      out.printf("  %-45s expect %-9s %-9s %-18s %s%n", probe.getTarget(), probe.getExpect(), probe.getOutcome(),
          probe.getReason(), probe.getDetail());
    }
    out.flush();
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }
}
