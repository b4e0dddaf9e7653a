package io.sandboxegress.render;

import io.sandboxegress.backend.Backends;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.istio.api.api.networking.v1alpha3.OutboundTrafficPolicyMode;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.ResourceRef;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.EgressPlan;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BundleRendererTest {

  private static EgressPlan plan(String name, String spec) {
    return Fixtures.plan(Serialization.unmarshal("""
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: %s, namespace: team-a}
        spec:
        """.formatted(name) + spec.indent(2), SandboxEgress.class));
  }

  private static Bundle render(EgressPlan plan, DataPlane dataPlane) {
    return Backends.bundleRenderer().render(plan, Fixtures.facts(dataPlane));
  }

  private static List<NetworkPolicyEgressRule> egress(Bundle bundle) {
    return ((NetworkPolicy) bundle.objects().get(0)).getSpec().getEgress();
  }

  @Test
  void ambientRefusesWildcardHosts() {
    EgressPlan plan = plan("a", """
        podSelector: {matchLabels: {app: x}}
        allow: [{host: '*.example.com', ports: [{number: 443, protocol: TLS}]}]
        """);
    assertThatThrownBy(() -> render(plan, DataPlane.AMBIENT))
        .isInstanceOfSatisfying(UnsupportedDataPlaneException.class,
            e -> assertThat(e.field()).isEqualTo("spec.allow"))
        .hasMessageContaining("[*.example.com]").hasMessageContaining("ztunnel");
  }

  @ParameterizedTest
  @EnumSource(value = DataPlane.class, names = {"NONE", "AMBIENT"})
  void egressGatewayNeedsSidecars(DataPlane dataPlane) {
    EgressPlan plan = plan("a", """
        podSelector: {matchLabels: {app: x}}
        allow: [{host: pypi.org}]
        istio: {egressGateway: {namespace: egress, selector: {istio: egressgateway}}}
        """);
    assertThatThrownBy(() -> render(plan, dataPlane))
        .isInstanceOfSatisfying(UnsupportedDataPlaneException.class,
            e -> assertThat(e.field()).isEqualTo("spec.istio.egressGateway"))
        .hasMessageContaining("needs the Istio sidecar data plane");
  }

  @Test
  void crossNamespaceObjectsAreTheGatewaysOnly() {
    Bundle bundle = render(plan("web", """
        podSelector: {matchLabels: {app: x}}
        allow: [{host: pypi.org}]
        istio: {egressGateway: {namespace: egress, selector: {istio: egressgateway}}}
        """), DataPlane.SIDECAR);
    assertThat(bundle.crossNamespace()).extracting(HasMetadata::getKind)
        .containsExactly("NetworkPolicy", "Gateway", "AuthorizationPolicy");
    assertThat(bundle.crossNamespace()).allSatisfy(o -> {
      assertThat(o.getMetadata().getNamespace()).isEqualTo("egress");
      assertThat(o.getMetadata().getLabels()).isEqualTo(OwnedLabels.forOwner("team-a", "web"));
    });
    assertThat(bundle.inOwnerNamespace()).extracting(HasMetadata::getKind).containsExactly(
        "NetworkPolicy", "Sidecar", "ServiceEntry", "DestinationRule", "VirtualService");
    assertThat(bundle.inOwnerNamespace()).allSatisfy(
        o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("team-a"));
  }

  @Test
  void ambientNamesTheConfiguredWaypoint() {
    EgressPlan plan = plan("a", """
        podSelector: {matchLabels: {app: x}}
        allow: [{host: pypi.org}]
        """);
    Bundle bundle = Backends.bundleRenderer().render(plan, Fixtures.facts(DataPlane.AMBIENT)
        .withMesh(IstioMesh.defaults().withWaypoint("egress-waypoint", "istio-egress")));
    ServiceEntry entry = (ServiceEntry) bundle.objects().get(1);
    assertThat(entry.getMetadata().getLabels())
        .containsEntry("istio.io/use-waypoint", "egress-waypoint")
        .containsEntry("istio.io/use-waypoint-namespace", "istio-egress");
    assertThat(egress(bundle).get(1).getTo()).singleElement().satisfies(peer -> {
      assertThat(peer.getNamespaceSelector().getMatchLabels())
          .containsEntry("kubernetes.io/metadata.name", "istio-egress");
      assertThat(peer.getPodSelector().getMatchLabels())
          .containsEntry("gateway.networking.k8s.io/gateway-name", "egress-waypoint");
    });
    assertThat(egress(bundle).get(1).getPorts()).singleElement()
        .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(15008));
    assertThat(bundle.objects()).noneMatch(Sidecar.class::isInstance);
    assertThat(bundle.hostEnforcement()).isEqualTo("hosts enforced at the waypoint"
        + " istio-egress/egress-waypoint (AuthorizationPolicy on each ServiceEntry); the"
        + " NetworkPolicy allows hosts' traffic only as HBONE to the waypoint");
  }

  @Test
  void istioModeOffRendersTheNetworkPolicyOnlyEvenInTheMesh() {
    EgressPlan plan = plan("a", """
        podSelector: {matchExpressions: [{key: app, operator: Exists}]}
        allow: [{host: pypi.org}]
        istio: {mode: Off}
        """);
    Bundle bundle = render(plan, DataPlane.SIDECAR);
    assertThat(bundle.objects()).singleElement().isInstanceOf(NetworkPolicy.class);
    assertThat(egress(bundle)).hasSize(2);
    assertThat(bundle.hostEnforcement()).isEqualTo("hosts enforced at port level only (no mesh)");
    assertThat(render(plan, DataPlane.AMBIENT).objects()).hasSize(1);
  }

  @Test
  void allowListWithOnlyCidrsOpensNoInternet() {
    Bundle bundle = render(plan("a", """
        podSelector: {matchLabels: {app: x}}
        allow: [{cidr: 140.82.112.0/20, ports: [{number: 22}]}]
        """), DataPlane.NONE);
    assertThat(egress(bundle)).hasSize(2);
    assertThat(egress(bundle).get(1).getTo()).singleElement()
        .satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("140.82.112.0/20"));
    assertThat(bundle.hostEnforcement()).contains("only the listed CIDRs");
  }

  @Test
  void emptyAllowListIsDnsOnlyAndImportsNothing() {
    Bundle bundle = render(plan("a", "podSelector: {matchLabels: {app: x}}"), DataPlane.SIDECAR);
    assertThat(egress(bundle)).hasSize(2);
    Sidecar sidecar = (Sidecar) bundle.objects().get(1);
    assertThat(sidecar.getSpec().getEgress().get(0).getHosts()).containsExactly("~/*");
    assertThat(sidecar.getSpec().getOutboundTrafficPolicy().getMode())
        .isEqualTo(OutboundTrafficPolicyMode.REGISTRY_ONLY);
    assertThat(bundle.objects()).hasSize(2);
  }

  @Test
  void allowInternetInTheMeshKeepsItsPrivateCidrWithoutServiceEntries() {
    Bundle bundle = render(plan("a", """
        podSelector: {matchLabels: {app: x}}
        policy: AllowInternet
        allow: [{cidr: 10.40.0.0/16, private: true, ports: [{number: 443}]}]
        """), DataPlane.SIDECAR);
    assertThat(egress(bundle)).extracting(rule -> rule.getTo().get(0).getIpBlock() == null
        ? "pods" : rule.getTo().get(0).getIpBlock().getCidr())
        .containsExactly("pods", "pods", "0.0.0.0/0", "10.40.0.0/16");
    assertThat(bundle.objects()).noneMatch(ServiceEntry.class::isInstance);
    assertThat(((Sidecar) bundle.objects().get(1)).getSpec().getOutboundTrafficPolicy().getMode())
        .isEqualTo(OutboundTrafficPolicyMode.ALLOW_ANY);
  }

  @Test
  void longNamesStayWithin63CharactersAndDistinct() {
    String name = "a-very-long-sandbox-egress-name-that-goes-on-and-on-and-on-and-on";
    Bundle bundle = render(plan(name, """
        podSelector: {matchLabels: {app: x}}
        allow:
          - host: pypi.org
          - host: github.com
            ports: [{number: 22}, {number: 443, protocol: TLS}]
          - host: gitlab.com
            ports: [{number: 22}, {number: 443, protocol: TLS}]
        """), DataPlane.SIDECAR);
    assertThat(bundle.objects()).extracting(o -> o.getMetadata().getName())
        .allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(63));
    assertThat(bundle.objects()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .doesNotHaveDuplicates();
    assertThat(bundle.objects()).hasSize(5);
  }

  @Test
  void resourceRefsFollowTheBundleOrder() {
    Bundle bundle = render(plan("web", """
        podSelector: {matchLabels: {app: x}}
        allow: [{host: pypi.org}]
        """), DataPlane.SIDECAR);
    assertThat(bundle.resourceRefs()).containsExactly(
        new ResourceRef("networking.k8s.io/v1", "NetworkPolicy", "team-a", "sandbox-egress-web"),
        new ResourceRef("networking.istio.io/v1", "Sidecar", "team-a", "sandbox-egress-web"),
        new ResourceRef("networking.istio.io/v1", "ServiceEntry", "team-a",
            "sandbox-egress-web-dns-http-80-tls-443"));
  }

  @Test
  void rendersTheSameBytesEveryTime() {
    EgressPlan plan = Fixtures.plan(Fixtures.read(Golden.root().resolve("policies/allow-list.cr.yaml")));
    String first = BundleYaml.write(render(plan, DataPlane.SIDECAR));
    assertThat(BundleYaml.write(render(plan, DataPlane.SIDECAR))).isEqualTo(first);
  }

  @Test
  void customBackendsJoinTheBundleInKindOrder() {
    EgressRenderer extra = new EgressRenderer() {
      @Override
      public boolean appliesTo(EgressPlan plan, io.sandboxegress.facts.ClusterFacts facts) {
        return true;
      }

      @Override
      public List<HasMetadata> render(EgressPlan plan, io.sandboxegress.facts.ClusterFacts facts) {
        return List.of(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
            .withNewMetadata().withName("aaa").endMetadata().build());
      }
    };
    Bundle bundle = new BundleRenderer(List.of(extra, new NetworkPolicyRenderer()), List.of("NetworkPolicy"))
        .render(plan("a", "podSelector: {matchLabels: {app: x}}"), Fixtures.facts(DataPlane.NONE));
    assertThat(bundle.objects()).extracting(HasMetadata::getKind)
        .containsExactly("NetworkPolicy", "ConfigMap");
  }
}
