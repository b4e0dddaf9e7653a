package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.ConflictEffect;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Conflicts change what kubectl get shows: one that widens the spec or makes it undefined holds
 * Ready at False (Stalled True, the reason naming it) and status.dataPlane.hostEnforcement says
 * what really decides; advice leaves Ready alone; removing the object makes it Ready again.
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConflictReadinessTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final String ns;
  private RunningOperator operator;

  ConflictReadinessTest(KubernetesClient client, TestNamespace namespace) {
    this.client = client;
    this.ns = namespace.name();
  }

  @BeforeAll
  void startOperator(ApiServer server) {
    client.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels("istio-injection", "enabled").endMetadata().build());
    operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(ns),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")),
        Duration.ofSeconds(1), ProbeSettings.defaults(), null));
  }

  @AfterAll
  void stopOperator() {
    operator.close();
  }

  @Test
  void aWideningNetworkPolicyMakesReadyFalseUntilItGoesAndAdviceDoesNot() {
    create("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-metadata}
        spec:
          selector: {matchLabels: {app: widened}}
          action: DENY
          rules: [{to: [{operation: {ports: ["8080"]}}]}]
        """, io.fabric8.istio.api.security.v1.AuthorizationPolicy.class);
    SandboxEgresses.apply(client, ns, "widened", """
        podSelector: {matchLabels: {app: widened}}
        allow: [{host: pypi.org}]
        """);
    SandboxEgress advised = await().atMost(DEADLINE).until(() -> SandboxEgresses.get(client, ns, "widened"),
        cr -> cr.getStatus() != null && Integer.valueOf(1).equals(cr.getStatus().getConflictCount())
            && "True".equals(SandboxEgresses.condition(cr, "Ready").getStatus()));
    assertThat(advised.getStatus().getConflicts()).singleElement()
        .satisfies(c -> assertThat(c.getEffect()).isEqualTo(ConflictEffect.Advice));
    assertThat(SandboxEgresses.condition(advised, "Stalled").getStatus()).isEqualTo("False");

    create("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-web}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress: [{ports: [{port: 80}, {port: 443}]}]
        """, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);

    SandboxEgress widened = SandboxEgresses.awaitCondition(client, ns, "widened", "Ready", "False", DEADLINE);
    assertThat(SandboxEgresses.condition(widened, "Ready").getReason()).isEqualTo("ConflictWidens");
    assertThat(SandboxEgresses.condition(widened, "Ready").getMessage())
        .startsWith("the outcome is not what the spec asks: NetworkPolicy " + ns + "/allow-web widens it");
    assertThat(SandboxEgresses.condition(widened, "Stalled").getStatus()).isEqualTo("True");
    assertThat(SandboxEgresses.condition(widened, "Stalled").getReason()).isEqualTo("ConflictWidens");
    assertThat(widened.getStatus().getConflictCount()).isEqualTo(2);
    assertThat(widened.getStatus().getDataPlane().getHostEnforcement())
        .startsWith("NOT as rendered: NetworkPolicy " + ns + "/allow-web widens the NetworkPolicy floor")
        .contains("rendered: hosts enforced by the Istio sidecar");

    client.network().v1().networkPolicies().inNamespace(ns).withName("allow-web").delete();
    SandboxEgress back = SandboxEgresses.awaitCondition(client, ns, "widened", "Ready", "True", DEADLINE);
    assertThat(back.getStatus().getConflictCount()).isEqualTo(1);
    assertThat(back.getStatus().getDataPlane().getHostEnforcement()).startsWith("hosts enforced by the Istio sidecar");
    assertThat(SandboxEgresses.condition(back, "Stalled").getStatus()).isEqualTo("False");
  }

  @Test
  void aSecondSidecarOnTheSandboxesMakesTheOutcomeUndefined() {
    SandboxEgresses.apply(client, ns, "doubled", """
        podSelector: {matchLabels: {app: doubled}}
        allow: [{host: pypi.org}]
        """);
    SandboxEgresses.awaitReady(client, ns, "doubled", DEADLINE);

    create("""
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: daytona-sandbox}
        spec:
          workloadSelector: {labels: {app: doubled}}
          outboundTrafficPolicy: {mode: ALLOW_ANY}
        """, io.fabric8.istio.api.networking.v1.Sidecar.class);

    SandboxEgress doubled = SandboxEgresses.awaitCondition(client, ns, "doubled", "Ready", "False", DEADLINE);
    assertThat(SandboxEgresses.condition(doubled, "Ready").getReason()).isEqualTo("ConflictUndefined");
    assertThat(SandboxEgresses.condition(doubled, "Ready").getMessage())
        .contains("Sidecar " + ns + "/daytona-sandbox makes it undefined");
    assertThat(doubled.getStatus().getDataPlane().getHostEnforcement())
        .startsWith("NOT as rendered: Sidecar " + ns + "/daytona-sandbox also selects the sandboxes");
    assertThat(doubled.getStatus().getConflicts()).singleElement()
        .satisfies(c -> assertThat(c.getEffect()).isEqualTo(ConflictEffect.Undefined));
  }

  private <T extends HasMetadata> void create(String yaml, Class<T> type) {
    T object = Serialization.unmarshal(yaml, type);
    object.getMetadata().setNamespace(ns);
    client.resource(object).create();
  }
}
