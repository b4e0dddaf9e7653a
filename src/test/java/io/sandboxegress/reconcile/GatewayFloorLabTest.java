package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.lab.Lab;
import io.sandboxegress.lab.LabAddresses;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithLab;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The egress gateway's own NetworkPolicy floor, on real packets: the gateway resolves allowed names
 * itself, so an allowed name whose DNS answer is a private address (the lab's
 * {@code mirror.internal.example}, a live host at 10.200.0.10) would be reached through it. With
 * the floor the gateway's Envoy tries and cannot connect, while a public host still leaves
 * through it.
 * (HTTP to the mirror is refused the same way, but the gateway's 503 reaches the probe through the
 * sidecar, which adds its upstream timing header, so the prober cannot yet tell it from the host's
 * own 503: only TLS is asserted here.)
 */
@WithLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayFloorLabTest {

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  /** A public host no other lab test sends through the gateway (istio-system is shared). */
  private static final String PUBLIC_HOST = "files.pythonhosted.org";
  private static final String PUBLIC_HTTPS = "https://" + PUBLIC_HOST + "/";
  private static final String MIRROR = "mirror.internal.example";
  private static final String MIRROR_HTTPS = "https://" + MIRROR + "/";

  private final ApiServer server;
  private final KubernetesClient client;
  private final String ns;
  private RunningOperator operator;

  GatewayFloorLabTest(ApiServer server, KubernetesClient client, TestNamespace ns) {
    this.server = server;
    this.client = client;
    this.ns = ns.name();
  }

  @BeforeAll
  void gatewayAndOperator(Lab lab) throws InterruptedException {
    lab.enableEgressGateway();
    client.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels("istio-injection", "enabled").endMetadata().build());
    operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system", Set.of(),
        Set.of(ns), ClusterNetworks.defaults(List.of(LabAddresses.POD_CIDR),
            List.of(LabAddresses.SERVICE_CIDR)),
        Duration.ofMinutes(5), new ProbeSettings(Lab.probeImage(), Duration.ofSeconds(60)), null));
  }

  /** Deleted while the operator runs, so its finalizer removes the objects in istio-system. */
  @AfterAll
  void stopOperator() {
    if (operator != null) {
      client.resources(SandboxEgress.class).inNamespace(ns).withName("floor").delete();
      await().atMost(DEADLINE)
          .until(() -> client.resources(SandboxEgress.class).inNamespace(ns).withName("floor").get() == null);
      operator.close();
    }
  }

  @Test
  void anAllowedNameAnsweringWithAPrivateAddressIsNotReachedThroughTheGateway(Lab lab) {
    client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("floor-1")
        .addToLabels("app", "floor").endMetadata().withNewSpec().addNewContainer()
        .withName("sandbox").withImage("lab.local/sandbox:lab").endContainer().endSpec().build())
        .create();
    SandboxEgresses.apply(client, ns, "floor", """
        podSelector: {matchLabels: {app: floor}}
        allow:
        - host: %s
        - host: %s
        istio:
          mode: Sidecar
          egressGateway: {namespace: istio-system, selector: {istio: egressgateway}}
        rollout: {rollbackOnRegression: false}
        probes:
          timeoutSeconds: 5
          targets:
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Blocked}
        """.formatted(PUBLIC_HOST, MIRROR, PUBLIC_HTTPS, MIRROR_HTTPS));

    SandboxEgress verified = SandboxEgresses.awaitCondition(client, ns, "floor", "Verified", "True", DEADLINE);
    Map<String, String> seen = verified.getStatus().getProbes().stream().collect(Collectors.toMap(
        ProbeStatus::getTarget, p -> p.getOutcome() + " " + p.getReason() + " " + p.getDetail()));
    assertThat(seen.get(PUBLIC_HTTPS)).as(seen.toString()).startsWith("Reachable");
    assertThat(seen.get(MIRROR_HTTPS)).as(seen.toString()).startsWith("Blocked");

    // the mirror's traffic did reach the gateway (the AuthorizationPolicy let it through), whose
    // Envoy then could not connect to the private address: the floor refused it, not the mesh
    await().atMost(DEADLINE).untilAsserted(() -> {
      String clusters = lab.egressGatewayAdmin("clusters");
      assertThat(stat(clusters, "outbound|443||" + PUBLIC_HOST, "cx_total")).as(clusters)
          .isPositive();
      assertThat(stat(clusters, "outbound|443||" + MIRROR, "cx_connect_fail")).as(clusters)
          .isPositive();
    });
  }

  /** A counter of the gateway Envoy's upstream cluster, summed over its hosts (/clusters page). */
  private static long stat(String clusters, String cluster, String counter) {
    return clusters.lines().filter(l -> l.startsWith(cluster + "::") && l.contains("::" + counter + "::"))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf("::") + 2))).sum();
  }
}
