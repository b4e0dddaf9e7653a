package io.sandboxegress.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressRuleCoverageTest {

  private static final NetworkPolicyEgressRule DNS = rule(List.of(pods("kube-system", "k8s-app", "kube-dns")),
      List.of(port(53, "UDP"), port(53, "TCP")));
  private static final NetworkPolicyEgressRule INTERNET_443 = rule(
      List.of(ipBlock("0.0.0.0/0", "10.0.0.0/8", "169.254.0.0/16")), List.of(port(443, "TCP")));
  private static final List<NetworkPolicyEgressRule> OURS = List.of(DNS, INTERNET_443);

  @Test
  void theSameRuleIsCovered() {
    assertThat(EgressRuleCoverage.covered(DNS, OURS)).isTrue();
    assertThat(EgressRuleCoverage.covered(rule(List.of(pods("kube-system", "k8s-app", "kube-dns")),
        List.of(port(53, "UDP"))), OURS)).isTrue();
  }

  @Test
  void anEmptyRuleAllowsEverythingAndIsNotCovered() {
    assertThat(EgressRuleCoverage.covered(new NetworkPolicyEgressRule(), OURS)).isFalse();
    assertThat(EgressRuleCoverage.covered(new NetworkPolicyEgressRule(), List.of(new NetworkPolicyEgressRule())))
        .isTrue();
  }

  @Test
  void aPublicBlockInsideOursOnOurPortIsCovered() {
    assertThat(EgressRuleCoverage.covered(rule(List.of(ipBlock("140.82.112.0/20")), List.of(port(443, "TCP"))),
        OURS)).isTrue();
  }

  @Test
  void aBlockOursExceptsIsNotCovered() {
    assertThat(EgressRuleCoverage.covered(rule(List.of(ipBlock("169.254.169.254/32")), List.of(port(443, "TCP"))),
        OURS)).isFalse();
    assertThat(EgressRuleCoverage.covered(rule(List.of(ipBlock("0.0.0.0/0")), List.of(port(443, "TCP"))),
        OURS)).isFalse();
    assertThat(EgressRuleCoverage.covered(rule(List.of(ipBlock("0.0.0.0/0", "10.0.0.0/8", "169.254.0.0/16")),
        List.of(port(443, "TCP"))), OURS)).isTrue();
  }

  @Test
  void anotherPortOrEveryPortIsNotCovered() {
    assertThat(EgressRuleCoverage.covered(rule(List.of(ipBlock("140.82.112.0/20")), List.of(port(22, "TCP"))),
        OURS)).isFalse();
    assertThat(EgressRuleCoverage.covered(rule(List.of(ipBlock("140.82.112.0/20")), List.of()), OURS)).isFalse();
  }

  @Test
  void podsOfAWiderSelectorAreNotCovered() {
    assertThat(EgressRuleCoverage.covered(rule(List.of(new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(new LabelSelectorBuilder().build()).build()), List.of(port(53, "UDP"))), OURS))
        .isFalse();
  }

  private static NetworkPolicyEgressRule rule(List<NetworkPolicyPeer> to, List<NetworkPolicyPort> ports) {
    return new NetworkPolicyEgressRuleBuilder().withTo(to).withPorts(ports).build();
  }

  private static NetworkPolicyPeer pods(String namespace, String key, String value) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(new LabelSelectorBuilder()
            .withMatchLabels(Map.of("kubernetes.io/metadata.name", namespace)).build())
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(key, value)).build())
        .build();
  }

  private static NetworkPolicyPeer ipBlock(String cidr, String... except) {
    return new NetworkPolicyPeerBuilder().withIpBlock(new IPBlock(cidr, except.length == 0 ? null : List.of(except)))
        .build();
  }

  private static NetworkPolicyPort port(int number, String protocol) {
    NetworkPolicyPort port = new NetworkPolicyPort();
    port.setPort(new IntOrString(number));
    port.setProtocol(protocol);
    return port;
  }
}
