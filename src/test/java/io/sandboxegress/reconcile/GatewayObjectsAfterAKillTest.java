package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.ResourceRef;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.render.OwnedLabels;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An operator killed after it applied a SandboxEgress's objects in the egress gateway's namespace
 * and before it wrote the status that lists them, then the gateway taken out of the spec: the
 * objects there must still be removed. Found by the fault suite (SIGKILL mid-burst), where they
 * were left for good: neither the spec nor the status named the gateway namespace any more, and
 * the finalizer, the one record that was left, was removed first.
 */
@WithApiServer
class GatewayObjectsAfterAKillTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void objectsAppliedInTheGatewayNamespaceButNeverInStatusAreRemovedWhenTheGatewayGoes(ApiServer server,
      KubernetesClient client, TestNamespace ns) {
    String mesh = ns.name();
    String gateway = ns.name() + "-gw";
    client.namespaces().withName(mesh).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels(Map.of("istio-injection", "enabled")).endMetadata().build());
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(gateway).endMetadata().build())
        .create();
    OperatorConfig config = new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(mesh),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")), Duration.ofMinutes(10),
        ProbeSettings.defaults(), null);

    try (RunningOperator operator = RunningOperator.start(server, config)) {
      SandboxEgresses.apply(client, mesh, "agents", """
          podSelector: {matchLabels: {app: agent}}
          allow: [{host: pypi.org, ports: [{number: 443, protocol: TLS}]}]
          istio: {egressGateway: {namespace: %s, selector: {istio: egressgateway}}}
          """.formatted(gateway));
      SandboxEgresses.awaitReady(client, mesh, "agents", DEADLINE);
    }
    assertThat(ownedIn(client, gateway, mesh)).as("the gateway's objects").isNotEmpty();

    // what a kill between applying them and writing status leaves: a status that does not list them
    SandboxEgress cr = SandboxEgresses.get(client, mesh, "agents");
    List<ResourceRef> inOwnNamespace = cr.getStatus().getResources().stream()
        .filter(r -> r.getNamespace() == null || r.getNamespace().equals(mesh)).toList();
    cr.getStatus().setResources(new ArrayList<>(inOwnNamespace));
    client.resource(cr).updateStatus();
    SandboxEgresses.apply(client, mesh, "agents", """
        podSelector: {matchLabels: {app: agent}}
        allow: [{host: pypi.org, ports: [{number: 443, protocol: TLS}]}]
        """);

    try (RunningOperator operator = RunningOperator.start(server, config)) {
      await().atMost(DEADLINE).untilAsserted(() -> {
        assertThat(ownedIn(client, gateway, mesh)).as("left in the gateway's namespace").isEmpty();
        SandboxEgress now = SandboxEgresses.get(client, mesh, "agents");
        assertThat(now.getMetadata().getFinalizers()).as("the finalizer, once nothing is left elsewhere")
            .isEmpty();
      });
    }
  }

  private static List<HasMetadata> ownedIn(KubernetesClient client, String namespace, String ownerNamespace) {
    Map<String, String> labels = OwnedLabels.forOwner(ownerNamespace, "agents");
    List<HasMetadata> owned = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : CrossNamespaceObjects.KINDS) {
      owned.addAll(client.resources(kind).inNamespace(namespace).withLabels(labels).list().getItems());
    }
    return owned;
  }
}
