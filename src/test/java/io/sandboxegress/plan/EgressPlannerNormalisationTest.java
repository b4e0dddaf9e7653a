package io.sandboxegress.plan;

import static io.sandboxegress.plan.PlanFixtures.plan;
import static io.sandboxegress.plan.PlanFixtures.withSelector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sandboxegress.api.Enforcement;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.api.Policy;
import io.sandboxegress.api.Protocol;
import io.sandboxegress.facts.ClusterNetworks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressPlannerNormalisationTest {

  private static EgressPlan valid(String spec) {
    return plan(spec).orElseThrow();
  }

  private static List<String> strings(List<IpBlock> blocks) {
    return blocks.stream().map(IpBlock::toString).toList();
  }

  @Test
  void defaultsWhatTheSpecLeavesOut() {
    EgressPlan plan = valid(withSelector(""));
    assertThat(plan.namespace()).isEqualTo("daytona");
    assertThat(plan.name()).isEqualTo("agents");
    assertThat(plan.policy()).isEqualTo(Policy.AllowList);
    assertThat(plan.istioMode()).isEqualTo(IstioMode.Auto);
    assertThat(plan.enforcement()).isEqualTo(Enforcement.Enforce);
    assertThat(plan.egressGateway()).isEmpty();
    assertThat(plan.hosts()).isEmpty();
    assertThat(plan.cidrRules()).isEmpty();
    assertThat(plan.podLabels()).isEqualTo(Map.of("app", "sandbox"));
  }

  @Test
  void egressGatewayIsPlanned() {
    EgressPlan plan = valid(withSelector("""
        allow: [{host: pypi.org}]
        istio:
          egressGateway: {namespace: egress, selector: {istio: egressgateway, app: gw}}
        """));
    assertThat(plan.egressGateway()).contains(new EgressGateway("egress",
        Map.of("istio", "egressgateway", "app", "gw")));
  }

  @Test
  void hostsGetPorts80HttpAnd443TlsByDefault() {
    EgressPlan plan = valid(withSelector("allow: [{host: pypi.org}, {host: a.org, ports: []}]"));
    assertThat(plan.exactHosts()).extracting(HostRule::ports).containsOnly(
        List.of(new PortRule(80, Protocol.HTTP), new PortRule(443, Protocol.TLS)));
  }

  @Test
  void portsWithoutProtocolAreTcp() {
    EgressPlan plan = valid(withSelector(
        "allow: [{host: git.example.com, ports: [{number: 22}]}]"));
    assertThat(plan.exactHosts().get(0).ports()).containsExactly(new PortRule(22, Protocol.TCP));
  }

  @Test
  void splitsHostsIntoExactAndWildcardSortedByName() {
    EgressPlan plan = valid(withSelector("""
        allow:
          - host: pypi.org
          - host: '*.githubusercontent.com'
            ports: [{number: 443, protocol: TLS}]
          - host: files.pythonhosted.org
          - host: '*.amazonaws.com'
            ports: [{number: 443, protocol: TLS}]
        """));
    assertThat(plan.exactHosts()).extracting(HostRule::host)
        .containsExactly("files.pythonhosted.org", "pypi.org");
    assertThat(plan.wildcardHosts()).extracting(HostRule::host)
        .containsExactly("*.amazonaws.com", "*.githubusercontent.com");
    assertThat(plan.wildcardHosts()).allMatch(HostRule::wildcard);
    assertThat(plan.hosts()).extracting(HostRule::host).containsExactly("files.pythonhosted.org",
        "pypi.org", "*.amazonaws.com", "*.githubusercontent.com");
  }

  @Test
  void mergesDuplicateHostsAndUnionsTheirPorts() {
    EgressPlan plan = valid(withSelector("""
        allow:
          - host: github.com
            ports: [{number: 443, protocol: TLS}]
          - host: github.com
            ports: [{number: 22, protocol: TCP}, {number: 443, protocol: TLS}]
        """));
    assertThat(plan.exactHosts()).singleElement().satisfies(host -> assertThat(host.ports())
        .containsExactly(new PortRule(22, Protocol.TCP), new PortRule(443, Protocol.TLS)));
    assertThat(plan.hostPortNumbers()).containsExactly(22, 443);
  }

  @Test
  void cidrRulesAreCanonicalWithFamilyPortsAndSorted() {
    EgressPlan plan = valid(withSelector("""
        allow:
          - cidr: 2606:50c0::/32
            ports: [{number: 443, protocol: TLS}]
          - cidr: 140.82.112.0/20
            ports: [{number: 22}]
          - cidr: 140.82.112.0/20
            ports: [{number: 443, protocol: TLS}]
        """));
    assertThat(plan.cidrRules()).extracting(CidrRule::cidr)
        .containsExactly("140.82.112.0/20", "2606:50c0::/32");
    assertThat(plan.cidrRules()).extracting(CidrRule::ipv6).containsExactly(false, true);
    assertThat(plan.cidrRules().get(0).ports()).containsExactly(new PortRule(22, Protocol.TCP),
        new PortRule(443, Protocol.TLS));
    assertThat(plan.cidrRules()).allSatisfy(rule -> {
      assertThat(rule.privateRange()).isFalse();
      assertThat(rule.except()).isEmpty();
    });
  }

  @Test
  void carvesReservedRangesOutOfAPublicBlockThatContainsThem() {
    EgressPlan plan = valid(withSelector("""
        allow:
          - cidr: 100.0.0.0/8
            ports: [{number: 443}]
          - cidr: 0.0.0.0/0
            ports: [{number: 8080}]
          - cidr: fc00::/6
            ports: [{number: 443}]
        """));
    assertThat(plan.cidrRules()).extracting(CidrRule::cidr)
        .containsExactly("0.0.0.0/0", "100.0.0.0/8", "fc00::/6");
    assertThat(strings(plan.cidrRules().get(0).except())).containsExactly("0.0.0.0/8",
        "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "168.63.129.16/32", "169.254.0.0/16",
        "172.16.0.0/12", "192.0.0.192/32", "192.168.0.0/16");
    assertThat(strings(plan.cidrRules().get(1).except())).containsExactly("100.64.0.0/10");
    assertThat(strings(plan.cidrRules().get(2).except())).containsExactly("fc00::/7", "fe80::/10");
  }

  @Test
  void privateTrueAllowsTheNamedBlockButNotTheReservedAndClusterRangesInsideIt() {
    EgressPlan plan = valid(withSelector("""
        allow:
          - cidr: 10.40.0.0/16
            private: true
            ports: [{number: 5432}]
          - cidr: 10.0.0.0/8
            private: true
            ports: [{number: 443}]
          - cidr: 128.0.0.0/1
            private: true
            ports: [{number: 443}]
        """));
    assertThat(plan.cidrRules()).extracting(CidrRule::cidr)
        .containsExactly("10.0.0.0/8", "10.40.0.0/16", "128.0.0.0/1");
    assertThat(plan.cidrRules()).allSatisfy(rule -> assertThat(rule.privateRange()).isTrue());
    assertThat(except(plan, "10.40.0.0/16")).as("nothing reserved inside it").isEmpty();
    assertThat(except(plan, "10.0.0.0/8")).as("the cluster's pods and services stay out of reach")
        .containsExactly("10.96.0.0/12", "10.244.0.0/16");
    assertThat(except(plan, "128.0.0.0/1")).as("metadata and the other private ranges stay out of reach")
        .contains("169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16");
  }

  private static List<String> except(EgressPlan plan, String cidr) {
    return plan.cidrRules().stream().filter(r -> r.cidr().equals(cidr)).findFirst().orElseThrow()
        .except().stream().map(Object::toString).toList();
  }

  @Test
  void carvesClusterRangesThatNoReservedRangeCovers() {
    ClusterNetworks networks = ClusterNetworks.defaults(
        List.of("10.244.0.0/16", "198.18.0.0/16"), List.of("198.18.128.0/17", "fd00:10:96::/112"));
    EgressPlan plan = plan(withSelector("allow: [{cidr: 198.0.0.0/8, ports: [{number: 443}]}]"),
        networks).orElseThrow();
    assertThat(strings(plan.cidrRules().get(0).except())).containsExactly("198.18.0.0/16");
    assertThat(strings(plan.blockedRanges(false))).containsExactly("0.0.0.0/8", "10.0.0.0/8",
        "100.64.0.0/10", "127.0.0.0/8", "168.63.129.16/32", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.192/32", "192.168.0.0/16", "198.18.0.0/16");
    assertThat(strings(plan.blockedRanges(true))).as("each IPv4 range also through NAT64")
        .containsExactly("::/128", "::1/128", "64:ff9b::/104",
            "64:ff9b::a00:0/104", "64:ff9b::6440:0/106", "64:ff9b::7f00:0/104",
            "64:ff9b::a83f:8110/128", "64:ff9b::a9fe:0/112", "64:ff9b::ac10:0/108",
            "64:ff9b::c000:c0/128", "64:ff9b::c0a8:0/112", "64:ff9b::c612:0/112",
            "64:ff9b:1::/48", "fc00::/7", "fe80::/10");
  }

  @Test
  void metadataStaysBlockedInsideAnyBlockThatContainsIt() {
    EgressPlan plan = valid(withSelector("""
        allow:
          - {cidr: 169.254.0.0/16, private: true, ports: [{number: 53}]}
          - {cidr: 100.64.0.0/10, private: true, ports: [{number: 443}]}
          - {cidr: 'fd00::/8', private: true, ports: [{number: 443}]}
          - {cidr: 192.0.0.0/24, ports: [{number: 443}]}
          - {cidr: 168.63.0.0/16, ports: [{number: 443}]}
          - {cidr: '64:ff9b::a9fe:0/112', private: true, ports: [{number: 80}]}
        """));
    assertThat(except(plan, "169.254.0.0/16")).containsExactly("169.254.0.23/32",
        "169.254.42.42/32", "169.254.169.254/32", "169.254.170.2/32", "169.254.170.23/32");
    assertThat(except(plan, "100.64.0.0/10")).containsExactly("100.100.100.200/32");
    assertThat(except(plan, "fd00::/8")).containsExactly("fd00:42::42/128", "fd00:c1::a9fe:a9fe/128",
        "fd00:ec2::23/128", "fd00:ec2::254/128", "fd00:a9fe:a9fe::1/128", "fd20:ce::254/128");
    assertThat(except(plan, "192.0.0.0/24")).as("Oracle's public-looking metadata address")
        .containsExactly("192.0.0.192/32");
    assertThat(except(plan, "168.63.0.0/16")).containsExactly("168.63.129.16/32");
    assertThat(except(plan, "64:ff9b::a9fe:0/112")).as("the same addresses through NAT64")
        .containsExactly("64:ff9b::a9fe:17/128", "64:ff9b::a9fe:2a2a/128",
            "64:ff9b::a9fe:a9fe/128", "64:ff9b::a9fe:aa02/128", "64:ff9b::a9fe:aa17/128");
  }

  @Test
  void aRuleThatNamesExactlyAMetadataAddressOpensIt() {
    EgressPlan plan = valid(withSelector("""
        allow:
          - {cidr: 169.254.169.254/32, private: true, ports: [{number: 80}]}
          - {cidr: 'fd00:ec2::254/128', private: true, ports: [{number: 80}]}
          - {cidr: 169.254.0.0/16, private: true, ports: [{number: 80}]}
        """));
    assertThat(except(plan, "169.254.169.254/32")).isEmpty();
    assertThat(except(plan, "fd00:ec2::254/128")).isEmpty();
    assertThat(except(plan, "169.254.0.0/16")).as("the larger block alone still does not open it")
        .contains("169.254.169.254/32");
  }

  @Test
  void aPublicBlockThroughNat64IsOpenAndItsReservedFormsStayBlocked() {
    EgressPlan plan = valid(withSelector("""
        allow:
          - {cidr: '64:ff9b::808:800/120', ports: [{number: 443}]}
          - {cidr: '64:ff9b::/96', ports: [{number: 8443}]}
          - {cidr: '64:ff9b::a00:0/104', private: true, ports: [{number: 5432}]}
        """));
    assertThat(except(plan, "64:ff9b::808:800/120")).isEmpty();
    assertThat(except(plan, "64:ff9b::/96")).containsExactly("64:ff9b::/104",
        "64:ff9b::a00:0/104", "64:ff9b::6440:0/106", "64:ff9b::7f00:0/104",
        "64:ff9b::a83f:8110/128", "64:ff9b::a9fe:0/112", "64:ff9b::ac10:0/108",
        "64:ff9b::c000:c0/128", "64:ff9b::c0a8:0/112");
    assertThat(except(plan, "64:ff9b::a00:0/104")).as("the cluster's ranges through NAT64")
        .containsExactly("64:ff9b::a60:0/108", "64:ff9b::af4:0/112");
  }

  @Test
  void blockedRangesAreStrictlyInsideTheInternetAndNoneInsideAnother() {
    EgressPlan plan = valid(withSelector(""));
    for (IpBlock blocked : plan.blockedRanges()) {
      IpBlock all = blocked.isIpv6() ? IpBlock.IPV6_ALL : IpBlock.IPV4_ALL;
      assertThat(all.strictlyContains(blocked)).isTrue();
      assertThat(plan.blockedRanges()).filteredOn(other -> !other.equals(blocked))
          .noneMatch(other -> other.contains(blocked));
    }
  }

  @Test
  void keepsThePodSelectorWholeAndImmutable() {
    EgressPlan plan = valid("""
        podSelector:
          matchLabels: {app: sandbox}
          matchExpressions: [{key: tier, operator: NotIn, values: [trusted]}]
        istio: {mode: Off}
        """);
    assertThat(plan.podSelector().getMatchExpressions()).hasSize(1);
    plan.podSelector().getMatchLabels().put("changed", "yes");
    assertThat(plan.podSelector().getMatchLabels()).containsOnlyKeys("app");
    assertThatThrownBy(() -> plan.podLabels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> plan.exactHosts().add(new HostRule("a.org", List.of())))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepsPolicyModeAndEnforcement() {
    EgressPlan plan = valid(withSelector(
        "policy: AllowInternet\nistio: {mode: Sidecar}\nenforcement: DryRun"));
    assertThat(plan.policy()).isEqualTo(Policy.AllowInternet);
    assertThat(plan.istioMode()).isEqualTo(IstioMode.Sidecar);
    assertThat(plan.enforcement()).isEqualTo(Enforcement.DryRun);
  }

  @Test
  void samePlanForTheSameInput() {
    String spec = withSelector("allow: [{host: b.org}, {host: a.org}, {cidr: 1.2.3.0/24,"
        + " ports: [{number: 22}]}]");
    assertThat(valid(spec)).isEqualTo(valid(spec));
  }

  @Test
  void invalidResultHasNoPlan() {
    PlanResult result = plan("podSelector: {}");
    assertThatThrownBy(result::orElseThrow).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("spec.podSelector");
  }
}
