package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
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
 * A conflicting object reaches status.conflicts by its watch event: with a resync an hour away,
 * nothing but the watch can bring it there within the deadline.
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConflictsByWatchTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final KubernetesClient client;
  private final String ns;
  private RunningOperator operator;

  ConflictsByWatchTest(KubernetesClient client, TestNamespace namespace) {
    this.client = client;
    this.ns = namespace.name();
  }

  @BeforeAll
  void startOperator(ApiServer server) {
    client.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels("istio-injection", "enabled").endMetadata().build());
    operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(ns),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")),
        Duration.ofHours(1), ProbeSettings.defaults(), null));
  }

  @AfterAll
  void stopOperator() {
    operator.close();
  }

  @Test
  void aNewWideningNetworkPolicyReachesStatusWithoutAResync() {
    SandboxEgresses.apply(client, ns, "watched", """
        podSelector: {matchLabels: {app: watched}}
        allow: [{host: pypi.org}]
        """);
    SandboxEgresses.awaitReady(client, ns, "watched", DEADLINE);

    create("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-web-watched}
        spec:
          podSelector: {matchLabels: {app: watched}}
          policyTypes: [Egress]
          egress: [{ports: [{port: 80}, {port: 443}]}]
        """, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);

    SandboxEgress widened = SandboxEgresses.awaitCondition(client, ns, "watched", "Ready", "False", DEADLINE);
    assertThat(widened.getStatus().getConflicts())
        .anySatisfy(c -> assertThat(c.getName()).isEqualTo("allow-web-watched"));

    client.network().v1().networkPolicies().inNamespace(ns).withName("allow-web-watched").delete();
    SandboxEgress back = SandboxEgresses.awaitCondition(client, ns, "watched", "Ready", "True", DEADLINE);
    assertThat(back.getStatus().getConflicts()).isNullOrEmpty();
  }

  @Test
  void aNewCompetingSidecarReachesStatusWithoutAResync() {
    SandboxEgresses.apply(client, ns, "competed", """
        podSelector: {matchLabels: {app: competed}}
        allow: [{host: pypi.org}]
        """);
    SandboxEgresses.awaitReady(client, ns, "competed", DEADLINE);

    create("""
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: competing}
        spec:
          workloadSelector: {labels: {app: competed}}
          outboundTrafficPolicy: {mode: ALLOW_ANY}
        """, io.fabric8.istio.api.networking.v1.Sidecar.class);

    SandboxEgress undefined = SandboxEgresses.awaitCondition(client, ns, "competed", "Ready", "False", DEADLINE);
    assertThat(undefined.getStatus().getConflicts())
        .anySatisfy(c -> assertThat(c.getName()).isEqualTo("competing"));
  }

  private <T extends HasMetadata> void create(String yaml, Class<T> type) {
    T object = Serialization.unmarshal(yaml, type);
    object.getMetadata().setNamespace(ns);
    client.resource(object).create();
  }
}
