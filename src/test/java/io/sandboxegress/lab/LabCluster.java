package io.sandboxegress.lab;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.testing.SandboxEgresses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What the lab acceptance tests share: the operator's configuration for the lab, sandboxes, waits. */
final class LabCluster {

  static final Duration DEADLINE = Duration.ofSeconds(120);

  private LabCluster() {}

  /** The operator as the chart would run it on the lab's cluster: its ranges and its probe image. */
  static OperatorConfig operatorConfig(String namespace) {
    return new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(namespace),
        ClusterNetworks.defaults(List.of(LabAddresses.POD_CIDR), List.of(LabAddresses.SERVICE_CIDR)),
        Duration.ofMinutes(5), new ProbeSettings(Lab.probeImage(), Duration.ofSeconds(60)), null);
  }

  /** Starts {@code count} sandbox pods labelled {@code app=<app>} and returns their addresses once they run. */
  static List<String> sandboxes(KubernetesClient client, String namespace, String app, int count) {
    for (int i = 1; i <= count; i++) {
      client.pods().inNamespace(namespace).resource(new PodBuilder()
          .withNewMetadata().withName(app + "-" + i).addToLabels("app", app).endMetadata()
          .withNewSpec().addNewContainer().withName("sandbox").withImage("lab.local/sandbox:lab").endContainer()
          .endSpec().build()).create();
    }
    await().atMost(DEADLINE).until(() -> client.pods().inNamespace(namespace).withLabel("app", app).list().getItems()
        .stream().filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null).count() == count);
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
        .map(Pod::getStatus).map(s -> s.getPodIP()).sorted().toList();
  }

  /** Waits until the status of the current generation holds probe results that {@code done} accepts. */
  static SandboxEgress awaitProbes(KubernetesClient client, String namespace, String name,
      Predicate<Map<String, ProbeStatus>> done) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500))
        .alias("probe results of " + namespace + "/" + name)
        .until(() -> {
          SandboxEgress cr = SandboxEgresses.get(client, namespace, name);
          return cr != null && cr.getStatus() != null && cr.getStatus().getProbes() != null
              && Objects.equals(cr.getMetadata().getGeneration(), cr.getStatus().getObservedGeneration())
              && cr.getStatus().getProbes().stream().allMatch(p -> p.getCheckedAt() != null)
              && done.test(byTarget(cr));
        });
    return SandboxEgresses.get(client, namespace, name);
  }

  static Map<String, ProbeStatus> byTarget(SandboxEgress cr) {
    return cr.getStatus().getProbes().stream().collect(Collectors.toMap(ProbeStatus::getTarget, p -> p, (a, b) -> b));
  }

  /** "reason (outcome)" per target, for assertions that print everything on failure. */
  static Map<String, String> observed(SandboxEgress cr) {
    return byTarget(cr).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> e.getValue().getOutcome() + " " + e.getValue().getReason()));
  }
}
