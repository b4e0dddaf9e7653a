package io.sandboxegress.render;

import io.sandboxegress.backend.Backends;
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
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.api.Policy;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.EgressGateway;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.EgressPlanner;
import io.sandboxegress.plan.IpBlock;
import io.sandboxegress.plan.PlanResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every bundle must have, checked on every golden input and data plane. */
class BundleInvariantsTest {

  static Stream<Arguments> inputs() {
    return Fixtures.inputs().stream().flatMap(file -> Stream.of(DataPlane.values())
        .map(plane -> Arguments.of(file.getParent().getFileName() + "/" + file.getFileName(),
            file, plane)));
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("inputs")
  void holds(String name, Path input, DataPlane dataPlane) {
    assertHolds(Fixtures.plan(Fixtures.read(input)), dataPlane);
  }

  /** Seeds of the generated specs: each one is a spec, reproducible from its seed. */
  static Stream<Arguments> generated() {
    return LongStream.range(0, GeneratedSpecs.COUNT).boxed()
        .flatMap(seed -> Stream.of(DataPlane.values()).map(plane -> Arguments.of(seed, plane)));
  }

  @ParameterizedTest(name = "generated spec {0} on {1}")
  @MethodSource("generated")
  void holdsForGeneratedSpecs(long seed, DataPlane dataPlane) {
    SandboxEgress cr = GeneratedSpecs.spec(seed);
    PlanResult planned = new EgressPlanner().plan(cr, Fixtures.NETWORKS);
    if (!planned.isValid()) {
      // a refusal names a field of the spec; GeneratedSpecs checks that most specs are valid
      assertThat(planned.errors()).allSatisfy(error -> assertThat(error.field()).startsWith("spec."));
      return;
    }
    assertHolds(planned.orElseThrow(), dataPlane);
  }

  private static void assertHolds(EgressPlan plan, DataPlane dataPlane) {
    Bundle bundle;
    try {
      bundle = Backends.bundleRenderer().render(plan, Fixtures.facts(dataPlane));
    } catch (UnsupportedDataPlaneException e) {
      // a combination the renderer refuses must say which field to change
      assertThat(e.field()).startsWith("spec.");
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    Optional<EgressGateway> gateway = dataPlane == DataPlane.SIDECAR
        && plan.istioMode() != IstioMode.Off ? plan.egressGateway() : Optional.empty();
    boolean mesh = dataPlane != DataPlane.NONE && plan.istioMode() != IstioMode.Off;

    assertOwnedAndNamed(plan, bundle.objects(), gateway);
    assertThat(bundle.objects()).isSortedAccordingTo(BundleInvariantsTest::order);
    List<NetworkPolicy> policies = bundle.objects().stream()
        .filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();
    NetworkPolicy policy = policies.stream()
        .filter(p -> p.getMetadata().getName().equals(ObjectNames.forOwner(plan.name())))
        .findFirst().orElseThrow();
    assertNetworkPolicy(plan, policy, mesh ? dataPlane : DataPlane.NONE, gateway);
    assertOpensNoReservedAddressNoRuleNames(plan, policy);
    List<NetworkPolicy> floors = policies.stream().filter(p -> p != policy).toList();
    boolean throughGateway = gateway.isPresent() && plan.policy() == Policy.AllowList
        && !plan.hosts().isEmpty();
    assertThat(floors).as("the gateway's floor, when hosts go through a gateway")
        .hasSize(throughGateway ? 1 : 0);
    floors.forEach(floor -> assertGatewayFloor(plan, floor, gateway.orElseThrow()));
    assertExportedNoFurther(plan, bundle.objects(), gateway);
    List<ServiceEntry> entries = bundle.objects().stream()
        .filter(ServiceEntry.class::isInstance).map(ServiceEntry.class::cast).toList();
    entries.forEach(entry -> assertServiceEntry(plan, entry, gateway));
    List<Sidecar> sidecars = bundle.objects().stream()
        .filter(Sidecar.class::isInstance).map(Sidecar.class::cast).toList();
    if (!mesh) {
      assertThat(bundle.objects()).singleElement().isInstanceOf(NetworkPolicy.class);
    } else if (dataPlane == DataPlane.SIDECAR) {
      assertThat(sidecars).hasSize(1);
      assertSidecar(plan, sidecars.get(0), entries, gateway);
    } else {
      assertThat(sidecars).isEmpty();
      assertAmbient(plan, bundle.objects(), entries);
    }
  }

  private static int order(HasMetadata a, HasMetadata b) {
    List<String> kinds = List.of("NetworkPolicy", "Sidecar", "ServiceEntry", "DestinationRule",
        "VirtualService", "Gateway", "AuthorizationPolicy");
    int byKind = Integer.compare(kinds.indexOf(a.getKind()), kinds.indexOf(b.getKind()));
    if (byKind != 0) {
      return byKind;
    }
    int byNamespace = a.getMetadata().getNamespace().compareTo(b.getMetadata().getNamespace());
    return byNamespace != 0 ? byNamespace
        : a.getMetadata().getName().compareTo(b.getMetadata().getName());
  }

  private static void assertOwnedAndNamed(EgressPlan plan, List<HasMetadata> objects,
      Optional<EgressGateway> gateway) {
    Set<String> seen = new java.util.HashSet<>();
    for (HasMetadata object : objects) {
      assertThat(object.getMetadata().getName()).hasSizeLessThanOrEqualTo(63)
          .startsWith(ObjectNames.PREFIX).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
      assertThat(seen.add(object.getKind() + "/" + object.getMetadata().getNamespace() + "/"
          + object.getMetadata().getName())).isTrue();
      // the gateway's Gateway, AuthorizationPolicy and floor NetworkPolicy
      boolean onGateway = gateway.isPresent()
          && (object instanceof Gateway || object instanceof AuthorizationPolicy
              || object instanceof NetworkPolicy
                  && !object.getMetadata().getName().equals(ObjectNames.forOwner(plan.name())));
      assertThat(object.getMetadata().getNamespace())
          .isEqualTo(onGateway ? gateway.get().namespace() : plan.namespace());
      assertThat(Bundle.isCrossNamespace(object))
          .isEqualTo(onGateway && !gateway.get().namespace().equals(plan.namespace()));
      assertThat(object.getMetadata().getLabels())
          .containsAllEntriesOf(OwnedLabels.forOwner(plan.namespace(), plan.name()));
      assertThat(object.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }
  }

  private static void assertNetworkPolicy(EgressPlan plan, NetworkPolicy policy,
      DataPlane dataPlane, Optional<EgressGateway> gateway) {
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
    assertThat(policy.getSpec().getPodSelector()).isEqualTo(plan.podSelector());
    Set<Map<String, String>> allowedPods = new java.util.HashSet<>();
    allowedPods.add(Fixtures.NETWORKS.dnsPodLabels());
    if (dataPlane == DataPlane.SIDECAR) {
      allowedPods.add(Fixtures.NETWORKS.istiodPodLabels());
      gateway.ifPresent(g -> allowedPods.add(g.selector()));
    }
    if (dataPlane == DataPlane.AMBIENT) {
      allowedPods.add(Map.of(IstioMesh.WAYPOINT_POD_LABEL, "waypoint"));
    }
    List<NetworkPolicyPeer> peers = policy.getSpec().getEgress().stream()
        .flatMap(rule -> rule.getTo().stream()).toList();
    assertThat(peers).isNotEmpty();
    boolean hostsBypassTheMesh = plan.policy() == Policy.AllowList && !plan.hosts().isEmpty()
        && (dataPlane == DataPlane.AMBIENT || gateway.isPresent());
    for (NetworkPolicyPeer peer : peers) {
      if (peer.getIpBlock() == null) {
        assertThat(peer.getNamespaceSelector()).as("other pods are never selected").isNotNull();
        assertThat(allowedPods).contains(peer.getPodSelector().getMatchLabels());
      } else {
        assertExcepts(peer.getIpBlock());
        boolean aCidrRule = plan.cidrRules().stream()
            .anyMatch(rule -> rule.cidr().equals(peer.getIpBlock().getCidr()));
        if (hostsBypassTheMesh && !aCidrRule) {
          assertThat(peer.getIpBlock().getCidr()).as("hosts go through the gateway or waypoint:"
              + " no public internet").isNotIn(IpBlock.IPV4_ALL.toString(),
              IpBlock.IPV6_ALL.toString());
        }
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

  private static void assertServiceEntry(EgressPlan plan, ServiceEntry entry,
      Optional<EgressGateway> gateway) {
    var spec = entry.getSpec();
    boolean hostEntry = spec.getAddresses() == null || spec.getAddresses().isEmpty();
    assertThat(spec.getLocation()).isEqualTo(ServiceEntryLocation.MESH_EXTERNAL);
    assertThat(spec.getHosts()).isNotEmpty().doesNotContain("*");
    assertThat(spec.getPorts()).isNotEmpty().extracting(ServicePort::getNumber)
        .doesNotHaveDuplicates();
    for (ServicePort port : spec.getPorts()) {
      assertThat(port.getName()).isEqualTo(port.getProtocol().toLowerCase() + "-" + port.getNumber());
      assertThat(port.getProtocol()).isIn("TCP", "TLS", "HTTP");
    }
    if (spec.getHosts().stream().anyMatch(host -> host.startsWith("*"))) {
      // resolved by name at the sandboxes' sidecar: never the address a sandbox dialled
      assertThat(spec.getResolution()).isEqualTo(gateway.isPresent()
          ? ServiceEntryResolution.NONE : ServiceEntryResolution.DYNAMIC_DNS);
      assertThat(spec.getPorts()).extracting(ServicePort::getProtocol).doesNotContain("TCP");
    }
    if (spec.getHosts().size() > 1 && spec.getResolution() == ServiceEntryResolution.DNS) {
      assertThat(spec.getPorts()).extracting(ServicePort::getProtocol).isSubsetOf("TLS", "HTTP");
    }
    if (!hostEntry) {
      assertThat(spec.getResolution()).isEqualTo(ServiceEntryResolution.NONE);
      assertThat(spec.getPorts()).extracting(ServicePort::getProtocol).containsOnly("TCP");
    }
  }

  private static void assertSidecar(EgressPlan plan, Sidecar sidecar, List<ServiceEntry> entries,
      Optional<EgressGateway> gateway) {
    assertThat(sidecar.getSpec().getWorkloadSelector().getLabels()).isEqualTo(plan.podLabels());
    assertThat(sidecar.getSpec().getIngress()).isNullOrEmpty();
    List<String> hosts = sidecar.getSpec().getEgress().get(0).getHosts();
    List<String> imported = new java.util.ArrayList<>(entries.stream()
        .flatMap(e -> e.getSpec().getHosts().stream()).map(host -> "./" + host).toList());
    if (gateway.isPresent() && plan.policy() == Policy.AllowList && !plan.hosts().isEmpty()) {
      imported.add(gateway.get().namespace() + "/"
          + IstioMesh.defaults().egressGatewayHost(gateway.get().namespace()));
    }
    java.util.Collections.sort(imported);
    assertThat(hosts).isEqualTo(imported.isEmpty() ? List.of("~/*") : imported);
  }

  /** Each host entry is bound to the waypoint and has one ALLOW policy for this namespace. */
  private static void assertAmbient(EgressPlan plan, List<HasMetadata> objects,
      List<ServiceEntry> entries) {
    List<AuthorizationPolicy> policies = objects.stream()
        .filter(AuthorizationPolicy.class::isInstance).map(AuthorizationPolicy.class::cast).toList();
    assertThat(policies).hasSameSizeAs(entries);
    for (ServiceEntry entry : entries) {
      assertThat(entry.getSpec().getAddresses()).isNullOrEmpty();
      assertThat(entry.getMetadata().getLabels()).containsEntry("istio.io/use-waypoint", "waypoint");
      assertThat(policies).filteredOn(p -> p.getSpec().getTargetRefs().stream()
          .anyMatch(ref -> ref.getName().equals(entry.getMetadata().getName())
              && ref.getKind().equals("ServiceEntry")
              && ref.getGroup().equals("networking.istio.io"))).singleElement()
          .satisfies(p -> assertThat(p.getSpec().getRules()).singleElement().satisfies(rule ->
              assertThat(rule.getFrom()).singleElement().satisfies(from ->
                  assertThat(from.getSource().getNamespaces()).containsExactly(plan.namespace()))));
    }
  }

  /**
   * Ranges that no rule opens unless a {@code private: true} rule names them or a block inside
   * them, written out here apart from the planner's own list (so that an entry dropped there fails
   * here): the reserved ranges, cloud metadata addresses, the cluster's ranges, and each IPv4 one
   * through NAT64.
   */
  private static final List<IpBlock> SENSITIVE = sensitive();

  private static List<IpBlock> sensitive() {
    List<IpBlock> ranges = new java.util.ArrayList<>(Stream.of("0.0.0.0/8", "10.0.0.0/8",
        "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
        "169.254.169.254/32", "169.254.170.2/32", "169.254.170.23/32", "100.100.100.200/32",
        "168.63.129.16/32", "192.0.0.192/32", "::/128", "::1/128", "fc00::/7", "fe80::/10",
        "64:ff9b:1::/48", "fd00:ec2::254/128", "fd20:ce::254/128", "fd00:c1::a9fe:a9fe/128")
        .map(cidr -> IpBlock.parse(cidr).orElseThrow()).toList());
    Stream.concat(Fixtures.NETWORKS.podCidrs().stream(), Fixtures.NETWORKS.serviceCidrs().stream())
        .map(cidr -> IpBlock.parse(cidr).orElseThrow()).forEach(ranges::add);
    IpBlock nat64 = IpBlock.parse("64:ff9b::/96").orElseThrow();
    ranges.addAll(ranges.stream().filter(IpBlock::isIpv4).map(v4 -> v4.embeddedIn(nat64)).toList());
    return List.copyOf(ranges);
  }

  /**
   * The NetworkPolicy, the floor under every data plane (the Istio objects only narrow it, and
   * CIDR rules never go through a gateway or waypoint), opens an address of a sensitive range only
   * through a {@code private: true} rule whose block holds the address and holds no sensitive
   * range around the address strictly inside it: a rule opens the block it names, never a
   * metadata address or a cluster range inside it.
   */
  private static void assertOpensNoReservedAddressNoRuleNames(EgressPlan plan,
      NetworkPolicy policy) {
    List<IPBlock> opened = policy.getSpec().getEgress().stream()
        .flatMap(rule -> rule.getTo().stream()).map(NetworkPolicyPeer::getIpBlock)
        .filter(java.util.Objects::nonNull).toList();
    Set<IpBlock> samples = new java.util.TreeSet<>();
    SENSITIVE.forEach(range -> samples.addAll(List.of(range.firstAddress(), range.lastAddress())));
    plan.cidrRules().forEach(rule -> samples.addAll(List.of(rule.block().firstAddress(),
        rule.block().lastAddress())));
    for (IpBlock address : samples) {
      List<String> through = opened.stream().filter(block -> opens(block, address))
          .map(IPBlock::getCidr).toList();
      if (through.isEmpty()) {
        continue;
      }
      List<IpBlock> around = SENSITIVE.stream().filter(range -> range.contains(address)).toList();
      if (around.isEmpty()) {
        continue;
      }
      assertThat(plan.cidrRules()).as("%s (in %s) is opened by %s: a private: true rule must name"
          + " it, or a block around it with no sensitive range around it inside", address, around,
          through).anySatisfy(rule -> {
            assertThat(rule.privateRange()).isTrue();
            assertThat(rule.block().contains(address)).isTrue();
            assertThat(around).noneMatch(rule.block()::strictlyContains);
          });
    }
  }

  /**
   * The egress gateway's own NetworkPolicy: on the gateway pods, egress only, to cluster DNS,
   * istiod and the public internet on the hosts' ports; it opens no sensitive address at all,
   * whatever the spec's rules say (a private host never goes through a gateway), so the union of
   * the floors of every SandboxEgress on one gateway opens none either.
   */
  private static void assertGatewayFloor(EgressPlan plan, NetworkPolicy floor,
      EgressGateway gateway) {
    assertThat(floor.getMetadata().getNamespace()).isEqualTo(gateway.namespace());
    assertThat(floor.getSpec().getPodSelector().getMatchLabels()).isEqualTo(gateway.selector());
    assertThat(floor.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(floor.getSpec().getIngress()).isNullOrEmpty();
    List<IPBlock> opened = new java.util.ArrayList<>();
    for (var rule : floor.getSpec().getEgress()) {
      for (NetworkPolicyPeer peer : rule.getTo()) {
        if (peer.getIpBlock() == null) {
          assertThat(peer.getPodSelector().getMatchLabels()).isIn(
              Fixtures.NETWORKS.dnsPodLabels(), Fixtures.NETWORKS.istiodPodLabels());
        } else {
          assertExcepts(peer.getIpBlock());
          assertThat(peer.getIpBlock().getCidr()).isIn(IpBlock.IPV4_ALL.toString(),
              IpBlock.IPV6_ALL.toString());
          assertThat(rule.getPorts()).as("the public internet on the hosts' ports only")
              .isNotEmpty().allSatisfy(port -> assertThat(plan.hostPortNumbers())
                  .contains(port.getPort().getIntVal()));
          opened.add(peer.getIpBlock());
        }
      }
    }
    for (IpBlock range : SENSITIVE) {
      for (IpBlock address : List.of(range.firstAddress(), range.lastAddress())) {
        assertThat(opened).as("the gateway's floor keeps %s (in %s) blocked", address, range)
            .noneMatch(block -> opens(block, address));
      }
    }
  }

  private static boolean opens(IPBlock ipBlock, IpBlock address) {
    return IpBlock.parse(ipBlock.getCidr()).orElseThrow().contains(address)
        && (ipBlock.getExcept() == null || ipBlock.getExcept().stream()
            .noneMatch(except -> IpBlock.parse(except).orElseThrow().contains(address)));
  }

  /**
   * Every exported object (ServiceEntry, VirtualService, DestinationRule) names where it is
   * visible, never everywhere: its own namespace, and the gateway's where the gateway must see a
   * host's entry or route. A CIDR entry and a DestinationRule stay in their own namespace.
   */
  private static void assertExportedNoFurther(EgressPlan plan, List<HasMetadata> objects,
      Optional<EgressGateway> gateway) {
    List<String> hostExport = gateway.isPresent()
        && !gateway.get().namespace().equals(plan.namespace())
        ? List.of(".", gateway.get().namespace()) : List.of(".");
    for (HasMetadata object : objects) {
      List<String> exportTo;
      if (object instanceof ServiceEntry entry) {
        exportTo = entry.getSpec().getExportTo();
      } else if (object instanceof VirtualService service) {
        exportTo = service.getSpec().getExportTo();
      } else if (object instanceof DestinationRule rule) {
        exportTo = rule.getSpec().getExportTo();
      } else {
        continue;
      }
      boolean cidrEntry = object instanceof ServiceEntry entry
          && entry.getSpec().getAddresses() != null && !entry.getSpec().getAddresses().isEmpty();
      List<String> expected = cidrEntry || object instanceof DestinationRule
          || object.getMetadata().getLabels().containsKey(IstioAmbientRenderer.USE_WAYPOINT)
          ? List.of(".") : hostExport;
      assertThat(exportTo).as(object.getKind() + " " + object.getMetadata().getName()
          + " exportTo").isEqualTo(expected);
    }
  }
}
