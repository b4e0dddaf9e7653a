package io.sandboxegress.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.Condition;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.security.v1beta1.RuleTo;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import java.util.List;
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
    SandboxEgress cr = Serialization.unmarshal("""
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: sandboxes, namespace: %s}
        spec:
          podSelector: {matchLabels: {app: sandbox}}
          allow: %s
          %s
        """.formatted(namespace, allow, GATEWAY), SandboxEgress.class);
    Bundle bundle = new BundleRenderer().render(Fixtures.plan(cr), Fixtures.facts(DataPlane.SIDECAR));
    return bundle.crossNamespace().stream().filter(AuthorizationPolicy.class::isInstance)
        .map(AuthorizationPolicy.class::cast).toList();
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

  @Test
  void gatewayObjectsOfTwoOwnersNeverShareAName() {
    List<String> names = gatewayPolicies.stream().map(HasMetadata::getMetadata)
        .map(meta -> meta.getName()).toList();
    assertThat(names).doesNotHaveDuplicates();
  }
}
