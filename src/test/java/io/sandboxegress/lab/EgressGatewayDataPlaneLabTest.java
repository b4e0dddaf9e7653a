package io.sandboxegress.lab;

import static io.sandboxegress.lab.LabCluster.observed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.AuthorizationPolicyBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.OwnedLabels;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithLab;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data plane {@code sidecar + egress gateway}, on real packets: the sandboxes' sidecars send allowed
 * hosts to an Istio egress gateway (a router pod with upstream Envoy) in Istio mutual TLS, the
 * gateway's ALLOW AuthorizationPolicy lets the namespace reach exactly its hosts, and the
 * NetworkPolicy lets the sandboxes reach only the gateway for them.
 */
@WithLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressGatewayDataPlaneLabTest {

  private static final String PYPI_HTTPS = "https://pypi.org/simple/";
  private static final String PYPI_HTTP = "http://pypi.org/";
  private static final String GITHUB_HTTPS = "https://github.com/";
  private static final String UNLISTED_HTTPS = "https://example.com/";
  private static final String METADATA = "http://" + LabAddresses.METADATA + "/latest/meta-data/";
  private static final String RFC1918 = "tcp://" + LabAddresses.RFC1918_10 + ":" + LabAddresses.TCP_PORT;

  private final ApiServer server;
  private final KubernetesClient client;
  private final String ns;
  private RunningOperator operator;

  EgressGatewayDataPlaneLabTest(ApiServer server, KubernetesClient client, TestNamespace ns) {
    this.server = server;
    this.client = client;
    this.ns = ns.name();
  }

  @BeforeAll
  void gatewayAndOperator(Lab lab) throws InterruptedException {
    lab.enableEgressGateway();
    client.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels("istio-injection", "enabled").endMetadata().build());
    operator = RunningOperator.start(server, LabCluster.operatorConfig(ns));
  }

  /**
   * Removes what this class put in istio-system (Istio's root namespace, shared by the whole suite):
   * the CR goes while the operator still runs, so its finalizer removes the gateway's objects there.
   */
  @AfterAll
  void removeGatewayObjectsThenStopOperator() {
    client.resources(AuthorizationPolicy.class).inNamespace("istio-system").withName("deny-pypi").delete();
    client.resources(SandboxEgress.class).inNamespace(ns).withName("gw").delete();
    if (operator != null) {
      await().atMost(LabCluster.DEADLINE).until(() -> client.resources(AuthorizationPolicy.class)
          .inNamespace("istio-system").withLabel(OwnedLabels.OWNER_NAMESPACE, ns).list().getItems().isEmpty()
          && client.network().v1().networkPolicies().inNamespace("istio-system")
              .withLabel(OwnedLabels.OWNER_NAMESPACE, ns).list().getItems().isEmpty()
          && SandboxEgresses.get(client, ns, "gw") == null);
      operator.close();
    }
  }

  @Test
  void allowedHostsLeaveThroughTheGatewayAndAForeignDenyThereIsAnRbacDenial(Lab lab) {
    LabCluster.sandboxes(client, ns, "gw", 1);
    String spec = """
        podSelector: {matchLabels: {app: gw}}
        policy: AllowList
        allow:
        - host: pypi.org
        - host: github.com
          ports: [{number: 443, protocol: TLS}]
        istio:
          mode: Sidecar
          egressGateway: {namespace: istio-system, selector: {istio: egressgateway}}
        rollout: {rollbackOnRegression: false}
        probes:
          timeoutSeconds: 5
          targets:
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
        """.formatted(PYPI_HTTPS, PYPI_HTTP, GITHUB_HTTPS, UNLISTED_HTTPS, METADATA, RFC1918);
    SandboxEgresses.apply(client, ns, "gw", spec);
    SandboxEgress verified = SandboxEgresses.awaitCondition(client, ns, "gw", "Verified", "True", LabCluster.DEADLINE);
    Map<String, String> seen = observed(verified);
    assertThat(seen.get(PYPI_HTTPS)).startsWith("Reachable");
    assertThat(seen.get(PYPI_HTTP)).startsWith("Reachable");
    assertThat(seen.get(GITHUB_HTTPS)).startsWith("Reachable");
    assertThat(seen).containsEntry(UNLISTED_HTTPS, "Blocked TlsHandshakeReset")
        .containsEntry(METADATA, "Blocked EnvoyBlackhole")
        .containsEntry(RFC1918, "Blocked ConnectionReset");
    assertThat(verified.getStatus().getDataPlane().getHostEnforcement()).contains("egress gateway");
    // and they really left through the gateway: its Envoy connected to each host
    String clusters = lab.egressGatewayAdmin("clusters");
    assertThat(upstreamConnections(clusters, "outbound|443||pypi.org")).as(clusters).isPositive();
    assertThat(upstreamConnections(clusters, "outbound|443||github.com")).as(clusters).isPositive();
    assertThat(upstreamConnections(clusters, "outbound|80||pypi.org")).as(clusters).isPositive();

    // A DENY policy on the gateway pods (someone else's) refuses pypi.org there: the gateway's own 403.
    client.resource(new AuthorizationPolicyBuilder().withNewMetadata().withName("deny-pypi")
        .withNamespace("istio-system").endMetadata().withNewSpec().withAction(
            io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction.DENY)
        .withNewSelector().addToMatchLabels("istio", "egressgateway").endSelector()
        .addNewRule().addNewTo().withNewOperation().withHosts("pypi.org").endOperation().endTo().endRule()
        .endSpec().build()).serverSideApply();
    SandboxEgresses.apply(client, ns, "gw", spec.replace("timeoutSeconds: 5", "timeoutSeconds: 6"));
    SandboxEgress denied = LabCluster.awaitProbes(client, ns, "gw", p -> p.get(PYPI_HTTP) != null
        && "EnvoyRbacDenied".equals(p.get(PYPI_HTTP).getReason()));
    assertThat(LabCluster.byTarget(denied).get(PYPI_HTTP).getDetail()).contains("RBAC: access denied");
    // Istio fails closed: a DENY rule with an HTTP-only field (hosts) refuses all TLS at the gateway,
    // to every host, not just pypi.org
    assertThat(observed(denied)).containsEntry(GITHUB_HTTPS, "Blocked TlsHandshakeReset")
        .containsEntry(PYPI_HTTPS, "Blocked TlsHandshakeReset");
  }

  /** Connections the gateway's Envoy opened to the hosts of {@code cluster} (its /clusters page). */
  private static long upstreamConnections(String clusters, String cluster) {
    return clusters.lines().filter(l -> l.startsWith(cluster + "::") && l.contains("::cx_total::"))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf("::") + 2))).sum();
  }
}
