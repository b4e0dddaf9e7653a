package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.GatewayBuilder;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.render.OwnedLabels;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Egress through an Istio egress gateway (objects in the gateway's namespace, cleaned up by the
 * finalizer) and through an ambient waypoint, against the real API server.
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureEgressTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final String sidecars;
  private final String gateway;
  private final String ambient;
  private RunningOperator operator;

  SecureEgressTest(KubernetesClient client, TestNamespace ns) {
    this.client = client;
    this.sidecars = ns.name();
    this.gateway = ns.name() + "-gw";
    this.ambient = ns.name() + "-ambient";
  }

  @BeforeAll
  void start(ApiServer server) {
    label(sidecars, Map.of("istio-injection", "enabled"));
    create(gateway, Map.of());
    create(ambient, Map.of("istio.io/dataplane-mode", "ambient"));
    operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system", Set.of(),
        Set.of(sidecars, ambient), ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")),
        Duration.ofSeconds(2), ProbeSettings.defaults(), null));
  }

  @AfterAll
  void stop() {
    operator.close();
  }

  @Test
  void throughAnEgressGatewayTheGatewayObjectsAreOwnedByLabelRepairedAndRemovedWithTheSandboxEgress() {
    Gateway foreign = client.resource(new GatewayBuilder().withNewMetadata().withName("someone-elses")
        .withNamespace(gateway).endMetadata().withNewSpec().addToSelector("istio", "egressgateway")
        .endSpec().build()).create();
    apply(sidecars, "via-gateway", """
        podSelector: {matchLabels: {app: agents}}
        allow: [{host: pypi.org, ports: [{number: 443, protocol: TLS}]}]
        istio:
          egressGateway: {namespace: %s, selector: {istio: egressgateway}}
        """.formatted(gateway));

    SandboxEgress ready = awaitReady(sidecars, "via-gateway");
    assertThat(ready.getMetadata().getFinalizers()).as("its gateway objects need it to be removed")
        .containsExactly(GatewayFinalizer.NAME);
    assertThat(ready.getStatus().getDataPlane().getHostEnforcement()).contains("egress gateway");
    List<HasMetadata> inGateway = ownedIn(gateway, "via-gateway");
    assertThat(inGateway).extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder("Gateway", "AuthorizationPolicy", "NetworkPolicy");
    assertThat(inGateway).allSatisfy(o -> {
      assertThat(o.getMetadata().getOwnerReferences()).isNullOrEmpty();
      assertThat(o.getMetadata().getLabels()).containsEntry(OwnedLabels.OWNER_NAMESPACE, sidecars);
    });
    assertThat(ownedIn(sidecars, "via-gateway")).extracting(HasMetadata::getKind)
        .contains("NetworkPolicy", "Sidecar", "ServiceEntry", "DestinationRule", "VirtualService")
        .allSatisfy(kind -> assertThat(kind).isNotEqualTo("Gateway"));
    assertThat(ownedIn(sidecars, "via-gateway")).allSatisfy(o ->
        assertThat(o.getMetadata().getOwnerReferences()).singleElement()
            .satisfies(ref -> assertThat(ref.getController()).isTrue()));

    AuthorizationPolicy policy = (AuthorizationPolicy) inGateway.stream()
        .filter(o -> o instanceof AuthorizationPolicy).findFirst().orElseThrow();
    client.resource(policy).delete();
    await().atMost(DEADLINE).until(() -> ownedIn(gateway, "via-gateway").stream()
        .anyMatch(o -> o instanceof AuthorizationPolicy
            && !o.getMetadata().getUid().equals(policy.getMetadata().getUid())));

    // the gateway's floor: its pods' egress, owned and repaired like the other gateway objects
    NetworkPolicy floor = (NetworkPolicy) inGateway.stream()
        .filter(o -> o instanceof NetworkPolicy).findFirst().orElseThrow();
    assertThat(floor.getSpec().getPodSelector().getMatchLabels())
        .containsExactlyEntriesOf(Map.of("istio", "egressgateway"));
    assertThat(floor.getSpec().getPolicyTypes()).containsExactly("Egress");
    client.resource(floor).delete();
    await().atMost(DEADLINE).until(() -> ownedIn(gateway, "via-gateway").stream()
        .anyMatch(o -> o instanceof NetworkPolicy
            && !o.getMetadata().getUid().equals(floor.getMetadata().getUid())));

    client.resources(SandboxEgress.class).inNamespace(sidecars).withName("via-gateway").delete();

    await().atMost(DEADLINE).until(() -> ownedIn(gateway, "via-gateway").isEmpty()
        && client.resources(SandboxEgress.class).inNamespace(sidecars).withName("via-gateway").get() == null);
    assertThat(client.resource(foreign).get()).as("objects the operator did not create stay").isNotNull();
  }

  @Test
  void gatewayObjectsAppliedBeforeADryRunAreStillRemovedWithTheSandboxEgress() {
    apply(sidecars, "dry-later", """
        podSelector: {matchLabels: {app: later}}
        allow: [{host: pypi.org, ports: [{number: 443, protocol: TLS}]}]
        istio:
          egressGateway: {namespace: %s, selector: {istio: egressgateway}}
        """.formatted(gateway));
    awaitReady(sidecars, "dry-later");
    assertThat(ownedIn(gateway, "dry-later")).isNotEmpty();
    // a DryRun without the gateway: status now lists objects that were never applied
    apply(sidecars, "dry-later", """
        podSelector: {matchLabels: {app: later}}
        allow: [{host: pypi.org, ports: [{number: 443, protocol: TLS}]}]
        enforcement: DryRun
        """);
    await().atMost(DEADLINE).until(() -> SandboxEgresses.get(client, sidecars, "dry-later").getStatus()
        .getResources().stream().noneMatch(r -> gateway.equals(r.getNamespace())));

    client.resources(SandboxEgress.class).inNamespace(sidecars).withName("dry-later").delete();

    await().atMost(DEADLINE).until(() -> ownedIn(gateway, "dry-later").isEmpty()
        && SandboxEgresses.get(client, sidecars, "dry-later") == null);
  }

  @Test
  void inAnAmbientNamespaceTheWaypointPolicyTargetsTheServiceEntry() {
    apply(ambient, "via-waypoint", """
        podSelector: {matchLabels: {app: agents}}
        allow: [{host: pypi.org, ports: [{number: 443, protocol: TLS}]}]
        """);

    SandboxEgress ready = awaitReady(ambient, "via-waypoint");

    assertThat(ready.getStatus().getDataPlane().getIstio()).isEqualTo("Ambient");
    List<HasMetadata> owned = ownedIn(ambient, "via-waypoint");
    assertThat(owned).extracting(HasMetadata::getKind)
        .contains("NetworkPolicy", "ServiceEntry", "AuthorizationPolicy").doesNotContain("Sidecar");
    AuthorizationPolicy policy = (AuthorizationPolicy) owned.stream()
        .filter(o -> o instanceof AuthorizationPolicy).findFirst().orElseThrow();
    assertThat(policy.getSpec().getTargetRefs()).singleElement()
        .satisfies(ref -> assertThat(ref.getKind()).isEqualTo("ServiceEntry"));
    assertThat(policy.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("via-waypoint"));
    ServiceEntry entry = (ServiceEntry) owned.stream().filter(o -> o instanceof ServiceEntry).findFirst().orElseThrow();
    assertThat(entry.getMetadata().getLabels()).containsKey("istio.io/use-waypoint");
  }

  private void apply(String namespace, String name, String specYaml) {
    SandboxEgresses.apply(client, namespace, name, specYaml);
  }

  private SandboxEgress awaitReady(String namespace, String name) {
    return SandboxEgresses.awaitReady(client, namespace, name, DEADLINE);
  }

  private List<HasMetadata> ownedIn(String namespace, String owner) {
    return List.of(NetworkPolicy.class, Sidecar.class,
            ServiceEntry.class, DestinationRule.class, VirtualService.class, Gateway.class, AuthorizationPolicy.class)
        .stream()
        .flatMap(kind -> client.resources(kind).inNamespace(namespace).withLabel(OwnedLabels.OWNER, owner)
            .list().getItems().stream())
        .map(HasMetadata.class::cast)
        .toList();
  }

  private void label(String namespace, Map<String, String> labels) {
    client.namespaces().withName(namespace).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels(labels).endMetadata().build());
  }

  private void create(String namespace, Map<String, String> labels) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
        .withLabels(labels).endMetadata().build()).create();
  }
}
