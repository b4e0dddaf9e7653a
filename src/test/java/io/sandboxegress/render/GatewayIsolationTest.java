package io.sandboxegress.render;

import io.sandboxegress.backend.Backends;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.Condition;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.security.v1beta1.RuleTo;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpecBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two SandboxEgress objects in different namespaces share one egress gateway. Istio ORs ALLOW
 * policies: a request is allowed when any rule of any ALLOW policy on the gateway matches, and
 * within a rule {@code from}, {@code to} and {@code when} must all match. So the union stays
 * within each namespace's own hosts exactly when every rule pairs one namespace with that
 * namespace's hosts. Checked on the rendered rules, by evaluating them.
 */
class GatewayIsolationTest {

  private static final String GATEWAY =
      "istio: {egressGateway: {namespace: egress, selector: {istio: egressgateway}}}";

  private static List<AuthorizationPolicy> policies(String namespace, String allow) {
    return gatewayObjects(namespace, allow).stream().filter(AuthorizationPolicy.class::isInstance)
        .map(AuthorizationPolicy.class::cast).toList();
  }

  /** The gateway's NetworkPolicy floor of one owner. */
  private static NetworkPolicy floor(String namespace, String allow) {
    return gatewayObjects(namespace, allow).stream().filter(NetworkPolicy.class::isInstance)
        .map(NetworkPolicy.class::cast).collect(Collectors.collectingAndThen(Collectors.toList(), list -> {
          assertThat(list).hasSize(1);
          return list.get(0);
        }));
  }

  private static List<HasMetadata> gatewayObjects(String namespace, String allow) {
    SandboxEgress cr = Serialization.unmarshal("""
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: sandboxes, namespace: %s}
        spec:
          podSelector: {matchLabels: {app: sandbox}}
          allow: %s
          %s
        """.formatted(namespace, allow, GATEWAY), SandboxEgress.class);
    Bundle bundle = Backends.bundleRenderer().render(Fixtures.plan(cr), Fixtures.facts(DataPlane.SIDECAR));
    return bundle.crossNamespace();
  }

  private final List<AuthorizationPolicy> gatewayPolicies = Stream.concat(
      policies("team-a", "[{host: pypi.org}]").stream(),
      policies("team-b", "[{host: github.com, ports: [{number: 443, protocol: TLS}]},"
          + " {host: api.example.com, ports: [{number: 8080, protocol: HTTP}]}]").stream())
      .toList();

  /** Istio's ALLOW semantics over the rendered policies, for a TLS SNI or an HTTP Host. */
  private boolean allowed(String namespace, String sniOrHost) {
    return gatewayPolicies.stream()
        .filter(policy -> policy.getSpec().getAction() == AuthorizationPolicyAction.ALLOW)
        .flatMap(policy -> policy.getSpec().getRules().stream())
        .anyMatch(rule -> fromMatches(rule, namespace) && toMatches(rule, sniOrHost)
            && whenMatches(rule, sniOrHost));
  }

  private static boolean fromMatches(Rule rule, String namespace) {
    return absent(rule.getFrom()) || rule.getFrom().stream()
        .anyMatch(from -> from.getSource().getNamespaces().contains(namespace));
  }

  private static boolean toMatches(Rule rule, String host) {
    return absent(rule.getTo()) || rule.getTo().stream().map(RuleTo::getOperation)
        .anyMatch(operation -> operation.getHosts().contains(host));
  }

  private static boolean whenMatches(Rule rule, String sni) {
    return absent(rule.getWhen()) || rule.getWhen().stream()
        .allMatch(condition -> condition.getKey().equals("connection.sni")
            && condition.getValues().contains(sni));
  }

  /** An absent field places no condition (Istio); the model may hold it as null or empty. */
  private static boolean absent(List<?> field) {
    return field == null || field.isEmpty();
  }

  @Test
  void eachNamespaceReachesItsOwnHostsOnly() {
    assertThat(allowed("team-a", "pypi.org")).isTrue();
    assertThat(allowed("team-a", "github.com")).isFalse();
    assertThat(allowed("team-a", "api.example.com:8080")).isFalse();
    assertThat(allowed("team-b", "github.com")).isTrue();
    assertThat(allowed("team-b", "api.example.com:8080")).isTrue();
    assertThat(allowed("team-b", "pypi.org")).isFalse();
    assertThat(allowed("team-c", "pypi.org")).isFalse();
    assertThat(allowed("team-c", "github.com")).isFalse();
  }

  @Test
  void everyRuleNamesOneNamespaceAndSomeHosts() {
    assertThat(gatewayPolicies).hasSize(2).allSatisfy(policy -> {
      String owner = policy.getMetadata().getLabels().get(OwnedLabels.OWNER_NAMESPACE);
      assertThat(policy.getSpec().getAction()).isEqualTo(AuthorizationPolicyAction.ALLOW);
      assertThat(policy.getSpec().getSelector().getMatchLabels())
          .containsExactlyEntriesOf(java.util.Map.of("istio", "egressgateway"));
      assertThat(policy.getSpec().getRules()).isNotEmpty().allSatisfy(rule -> {
        assertThat(absent(rule.getFrom())).as("a rule without from admits every namespace")
            .isFalse();
        assertThat(rule.getFrom()).singleElement().satisfies(from ->
            assertThat(from.getSource().getNamespaces()).containsExactly(owner));
        boolean hosts = !absent(rule.getTo());
        boolean sni = !absent(rule.getWhen()) && rule.getWhen().stream()
            .map(Condition::getKey).anyMatch("connection.sni"::equals);
        assertThat(hosts || sni).as("a rule without hosts would open every host").isTrue();
      });
    });
  }

  /**
   * NetworkPolicies that select the same pods add up, so the floors of every owner on one gateway
   * must be one shape: the same pods, DNS, istiod, and the public internet with the same ranges
   * excepted; only the ports differ. Their union is then the public internet on the union of the
   * ports, and no owner's floor opens what another's keeps blocked.
   */
  @Test
  void theFloorsOfTwoOwnersAreOneShapeSoTheirUnionIsStillTheFloor() {
    NetworkPolicy teamA = floor("team-a", "[{host: pypi.org}]");
    NetworkPolicy teamB = floor("team-b", "[{host: github.com, ports: [{number: 443, protocol:"
        + " TLS}]}, {host: api.example.com, ports: [{number: 8080, protocol: HTTP}]}]");

    assertThat(teamA.getMetadata().getNamespace()).isEqualTo("egress");
    assertThat(teamA.getMetadata().getName()).isNotEqualTo(teamB.getMetadata().getName());
    assertThat(withoutPorts(teamA)).isEqualTo(withoutPorts(teamB));
    assertThat(ports(teamA)).containsExactly(80, 443);
    assertThat(ports(teamB)).containsExactly(443, 8080);
    assertThat(teamA.getSpec().getEgress().get(2).getTo())
        .flatExtracting(peer -> peer.getIpBlock().getExcept())
        .contains("169.254.0.0/16", "10.0.0.0/8", "168.63.129.16/32", "fc00::/7");
  }

  private static NetworkPolicySpec withoutPorts(NetworkPolicy policy) {
    NetworkPolicySpec spec = new NetworkPolicySpecBuilder(policy.getSpec()).build();
    spec.getEgress().get(2).setPorts(List.of());
    return spec;
  }

  private static List<Integer> ports(NetworkPolicy policy) {
    return policy.getSpec().getEgress().get(2).getPorts().stream()
        .map(port -> port.getPort().getIntVal()).toList();
  }

  @Test
  void gatewayObjectsOfTwoOwnersNeverShareAName() {
    List<String> names = gatewayPolicies.stream().map(HasMetadata::getMetadata)
        .map(meta -> meta.getName()).toList();
    assertThat(names).doesNotHaveDuplicates();
  }
}
