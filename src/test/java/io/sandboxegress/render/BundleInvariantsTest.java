package io.sandboxegress.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryLocation;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePort;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.IpBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every bundle must have, checked on every golden input and data plane. */
class BundleInvariantsTest {

  static Stream<Arguments> inputs() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> policies = Files.list(Golden.root().resolve("policies"));
        Stream<Path> examples = Files.list(Golden.basedir().resolve("examples"))) {
      policies.filter(f -> f.toString().endsWith(".cr.yaml")).forEach(files::add);
      examples.filter(f -> f.toString().endsWith(".yaml")).forEach(files::add);
    }
    return files.stream().sorted().flatMap(file -> Stream.of(DataPlane.NONE, DataPlane.SIDECAR)
        .map(plane -> Arguments.of(file.getFileName().toString(), file, plane)));
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("inputs")
  void holds(String name, Path input, DataPlane dataPlane) {
    EgressPlan plan = Fixtures.plan(Fixtures.read(input));
    Bundle bundle = new BundleRenderer().render(plan, Fixtures.facts(dataPlane));

    assertOwnedAndNamed(plan, bundle.objects());
    assertThat(bundle.objects()).isSortedAccordingTo(BundleInvariantsTest::order);
    NetworkPolicy policy = (NetworkPolicy) bundle.objects().get(0);
    assertNetworkPolicy(plan, policy, dataPlane);
    List<ServiceEntry> entries = bundle.objects().stream()
        .filter(ServiceEntry.class::isInstance).map(ServiceEntry.class::cast).toList();
    entries.forEach(BundleInvariantsTest::assertServiceEntry);
    List<Sidecar> sidecars = bundle.objects().stream()
        .filter(Sidecar.class::isInstance).map(Sidecar.class::cast).toList();
    if (dataPlane == DataPlane.NONE) {
      assertThat(bundle.objects()).singleElement().isInstanceOf(NetworkPolicy.class);
    } else {
      assertThat(sidecars).hasSize(1);
      assertSidecar(plan, sidecars.get(0), entries);
    }
  }

  private static int order(HasMetadata a, HasMetadata b) {
    List<String> kinds = List.of("NetworkPolicy", "Sidecar", "ServiceEntry");
    int byKind = Integer.compare(kinds.indexOf(a.getKind()), kinds.indexOf(b.getKind()));
    return byKind != 0 ? byKind : a.getMetadata().getName().compareTo(b.getMetadata().getName());
  }

  private static void assertOwnedAndNamed(EgressPlan plan, List<HasMetadata> objects) {
    Set<String> seen = new java.util.HashSet<>();
    for (HasMetadata object : objects) {
      assertThat(object.getMetadata().getName()).hasSizeLessThanOrEqualTo(63)
          .startsWith(ObjectNames.PREFIX).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
      assertThat(seen.add(object.getKind() + "/" + object.getMetadata().getName())).isTrue();
      assertThat(object.getMetadata().getNamespace()).isEqualTo(plan.namespace());
      assertThat(object.getMetadata().getLabels())
          .isEqualTo(OwnedLabels.forOwner(plan.namespace(), plan.name()));
      assertThat(object.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }
  }

  private static void assertNetworkPolicy(EgressPlan plan, NetworkPolicy policy,
      DataPlane dataPlane) {
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
    assertThat(policy.getSpec().getPodSelector()).isEqualTo(plan.podSelector());
    Set<Map<String, String>> allowedPods = dataPlane == DataPlane.SIDECAR
        ? Set.of(Fixtures.NETWORKS.dnsPodLabels(), Fixtures.NETWORKS.istiodPodLabels())
        : Set.of(Fixtures.NETWORKS.dnsPodLabels());
    List<NetworkPolicyPeer> peers = policy.getSpec().getEgress().stream()
        .flatMap(rule -> rule.getTo().stream()).toList();
    assertThat(peers).isNotEmpty();
    for (NetworkPolicyPeer peer : peers) {
      if (peer.getIpBlock() == null) {
        assertThat(peer.getNamespaceSelector()).as("other pods are never selected").isNotNull();
        assertThat(allowedPods).contains(peer.getPodSelector().getMatchLabels());
      } else {
        assertExcepts(peer.getIpBlock());
      }
    }
    policy.getSpec().getEgress().stream().flatMap(rule -> rule.getPorts() == null
        ? Stream.empty() : rule.getPorts().stream())
        .forEach(port -> assertThat(port.getProtocol()).isIn("TCP", "UDP"));
  }

  private static void assertExcepts(IPBlock ipBlock) {
    IpBlock cidr = IpBlock.parse(ipBlock.getCidr()).orElseThrow();
    assertThat(IpBlock.isCanonical(ipBlock.getCidr())).isTrue();
    List<IpBlock> excepts = ipBlock.getExcept() == null ? List.of()
        : ipBlock.getExcept().stream().map(e -> IpBlock.parse(e).orElseThrow()).toList();
    assertThat(excepts).doesNotHaveDuplicates();
    for (IpBlock except : excepts) {
      assertThat(cidr.strictlyContains(except)).as(except + " strictly inside " + cidr).isTrue();
      assertThat(excepts).filteredOn(other -> !other.equals(except))
          .noneMatch(other -> other.contains(except));
    }
  }

  private static void assertServiceEntry(ServiceEntry entry) {
    var spec = entry.getSpec();
    assertThat(spec.getExportTo()).containsExactly(".");
    assertThat(spec.getLocation()).isEqualTo(ServiceEntryLocation.MESH_EXTERNAL);
    assertThat(spec.getHosts()).isNotEmpty().doesNotContain("*");
    assertThat(spec.getPorts()).isNotEmpty().extracting(ServicePort::getNumber)
        .doesNotHaveDuplicates();
    for (ServicePort port : spec.getPorts()) {
      assertThat(port.getName()).isEqualTo(port.getProtocol().toLowerCase() + "-" + port.getNumber());
      assertThat(port.getProtocol()).isIn("TCP", "TLS", "HTTP");
    }
    if (spec.getHosts().stream().anyMatch(host -> host.startsWith("*"))) {
      assertThat(spec.getResolution()).isEqualTo(ServiceEntryResolution.NONE);
      assertThat(spec.getPorts()).extracting(ServicePort::getProtocol).doesNotContain("TCP");
    }
    if (spec.getHosts().size() > 1 && spec.getResolution() != ServiceEntryResolution.NONE) {
      assertThat(spec.getPorts()).extracting(ServicePort::getProtocol).containsOnly("TLS", "HTTP");
    }
    if (spec.getAddresses() != null) {
      assertThat(spec.getResolution()).isEqualTo(ServiceEntryResolution.NONE);
      assertThat(spec.getPorts()).extracting(ServicePort::getProtocol).containsOnly("TCP");
    }
  }

  private static void assertSidecar(EgressPlan plan, Sidecar sidecar, List<ServiceEntry> entries) {
    assertThat(sidecar.getSpec().getWorkloadSelector().getLabels()).isEqualTo(plan.podLabels());
    assertThat(sidecar.getSpec().getIngress()).isNullOrEmpty();
    List<String> hosts = sidecar.getSpec().getEgress().get(0).getHosts();
    List<String> imported = entries.stream().flatMap(e -> e.getSpec().getHosts().stream())
        .map(host -> "./" + host).sorted().toList();
    assertThat(hosts).isEqualTo(imported.isEmpty() ? List.of("~/*") : imported);
  }
}
