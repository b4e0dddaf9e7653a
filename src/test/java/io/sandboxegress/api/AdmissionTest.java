package io.sandboxegress.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import io.sandboxegress.plan.InsideNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CRD's CEL rules reject bad SandboxEgress specs at admission, with a message to act on. */
@WithApiServer
class AdmissionTest {

  private final KubernetesClient client;
  private final TestNamespace ns;

  AdmissionTest(KubernetesClient client, TestNamespace ns) {
    this.client = client;
    this.ns = ns;
  }

  @Test
  void acceptsAValidSpecAndFillsDefaults() {
    SandboxEgress created = create("valid", """
        podSelector: {matchLabels: {app: sandbox}}
        allow:
          - host: pypi.org
          - host: "*.githubusercontent.com"
            ports: [{number: 443, protocol: TLS}]
          - cidr: 140.82.112.0/20
            ports: [{number: 22}]
          - cidr: 10.40.0.0/16
            private: true
            ports: [{number: 443, protocol: TLS}]
          - cidr: "2606:50c0::/32"
            ports: [{number: 443, protocol: TLS}]
        probes:
          targets:
            - url: https://pypi.org/simple/
            - {url: "http://169.254.169.254/latest/meta-data/", expect: Blocked}
            - {url: "tcp://140.82.112.3:22"}
        """);

    assertThat(created.getSpec().getPolicy()).isEqualTo(Policy.AllowList);
    assertThat(created.getSpec().getEnforcement()).isEqualTo(Enforcement.Enforce);
    assertThat(created.getSpec().getAllow().get(2).getPorts().get(0).getProtocol()).isEqualTo(Protocol.TCP);
    assertThat(created.getSpec().getProbes().getIntervalSeconds()).isEqualTo(300);
    assertThat(created.getSpec().getProbes().getTargets().get(0).getExpect()).isEqualTo(Expectation.Reachable);
  }

  @Test
  void rejectsAnEmptyPodSelector() {
    assertRejected("""
        podSelector: {}
        """, "podSelector must not be empty");
  }

  @Test
  void rejectsAMissingPodSelector() {
    assertRejected("""
        policy: DenyAll
        """, "spec.podSelector: Required value");
  }

  @Test
  void rejectsAHostThatIsNotADnsName() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{host: "pypi.*.org"}]
        """, "host must be a lower-case DNS name like pypi.org, or one leading wildcard label");
  }

  @Test
  void rejectsAnUpperCaseHost() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{host: "PyPI.org"}]
        """, "host must be a lower-case DNS name");
  }

  @Test
  void rejectsAnIpAddressAsHost() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{host: "140.82.112.3"}]
        """, "host must be a lower-case DNS name");
  }

  @Test
  void rejectsABareWildcardHost() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{host: "*"}]
        """, "host '*' would allow every destination: use policy AllowInternet instead");
  }

  @Test
  void rejectsARuleWithBothHostAndCidr() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{host: pypi.org, cidr: 140.82.112.0/20, ports: [{number: 443}]}]
        """, "each allow rule names exactly one of host or cidr");
  }

  @Test
  void rejectsABadCidr() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{cidr: 140.82.300.0/20, ports: [{number: 443}]}]
        """, "cidr must be an IPv4 or IPv6 block");
  }

  @Test
  void rejectsACidrWithHostBits() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{cidr: 140.82.112.7/20, ports: [{number: 443}]}]
        """, "cidr must be written in canonical form");
  }

  @Test
  void rejectsACidrRuleWithoutPorts() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{cidr: 140.82.112.0/20}]
        """, "a cidr rule needs ports");
  }

  @Test
  void rejectsPortZero() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{host: pypi.org, ports: [{number: 0}]}]
        """, "port number must be between 1 and 65535");
  }

  @Test
  void rejectsAPortAbove65535() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{cidr: 140.82.112.0/20, ports: [{number: 65536}]}]
        """, "port number must be between 1 and 65535");
  }

  @Test
  void rejectsAllowWithDenyAll() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        policy: DenyAll
        allow: [{host: pypi.org}]
        """, "policy DenyAll allows nothing: remove spec.allow, or use policy AllowList");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "web.team-a.svc.cluster.local|host names the cluster's own Services",
      "*.svc.cluster.local|host names the cluster's own Services",
      "svc.cluster.local|host names the cluster's own Services",
      "kubernetes.default.svc|host names the cluster's own Services",
      "kubernetes.default|host names the cluster's own Services",
      "api.localhost|host names localhost",
      "localhost.localdomain|host names localhost",
      "metadata.google.internal|host names or covers a cloud metadata server",
      "metadata.goog|host names or covers a cloud metadata server",
      "*.tencentyun.com|host names or covers a cloud metadata server",
      "instance-data.eu-west-1.compute.internal|host is under a private-use domain",
      "*.c.my-project.internal|host is under a private-use domain",
      "printer.local|host is under a private-use domain"})
  void rejectsAHostThatLeadsInsideWithoutPrivateTrue(String host, String message) {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        allow: [{host: "%s"}]
        """.formatted(host), message);
  }

  /** Every name of the planner's list is refused at admission too: the CEL lists are the same. */
  @Test
  void rejectsEveryInsideNameThePlannerRefuses() {
    for (InsideNames.Entry entry : InsideNames.ALL) {
      String host = entry.subdomains() ? "a." + entry.name() : entry.name();
      assertRejected("""
          podSelector: {matchLabels: {app: sandbox}}
          allow: [{host: "%s"}]
          """.formatted(host), "add private: true if this is on purpose");
    }
  }

  @Test
  void acceptsAHostThatLeadsInsideWithPrivateTrue() {
    SandboxEgress created = create("inside-on-purpose", """
        podSelector: {matchLabels: {app: sandbox}}
        allow:
          - {host: web.team-a.svc.cluster.local, private: true}
          - {host: metadata.google.internal, private: true}
          - {host: "*.corp.internal", private: true, ports: [{number: 443, protocol: TLS}]}
          - {host: pypi.org, private: false}
          - {host: "*.cloud.example.com"}
        """);

    assertThat(created.getSpec().getAllow()).extracting(AllowRule::getHost).containsExactly(
        "web.team-a.svc.cluster.local", "metadata.google.internal", "*.corp.internal",
        "pypi.org", "*.cloud.example.com");
  }

  @Test
  void rejectsAProbeUrlWithAnUnknownScheme() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        probes: {targets: [{url: "ftp://example.com/"}]}
        """, "probe url must be absolute, with scheme http, https or tcp");
  }

  @Test
  void rejectsATcpProbeWithoutPort() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        probes: {targets: [{url: "tcp://140.82.112.3"}]}
        """, "a tcp:// probe url needs a port");
  }

  @Test
  void rejectsAnEgressGatewayWithoutSelector() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        istio: {egressGateway: {namespace: istio-system, selector: {}}}
        """, "egressGateway.selector must name the gateway pods' labels");
  }

  @Test
  void rejectsAnUnknownPolicy() {
    assertRejected("""
        podSelector: {matchLabels: {app: sandbox}}
        policy: AllowEverything
        """, "Unsupported value: \"AllowEverything\"");
  }

  private SandboxEgress create(String name, String specYaml) {
    return client.resource(sandboxEgress(name, specYaml)).inNamespace(ns.name()).create();
  }

  /** Sends the manifest as written, as kubectl would, without the Java model in between. */
  private void assertRejected(String specYaml, String message) {
    String name = "rejected-" + Integer.toHexString(specYaml.hashCode());
    GenericKubernetesResource manifest =
        Serialization.unmarshal(manifest(name, specYaml), GenericKubernetesResource.class);
    assertThatThrownBy(() -> client.genericKubernetesResources(SandboxEgress.API_VERSION, SandboxEgress.KIND)
        .inNamespace(ns.name()).resource(manifest).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(message);
    assertThat(client.resources(SandboxEgress.class).inNamespace(ns.name()).withName(name).get()).isNull();
  }

  private static SandboxEgress sandboxEgress(String name, String specYaml) {
    return Serialization.unmarshal(manifest(name, specYaml), SandboxEgress.class);
  }

  private static String manifest(String name, String specYaml) {
    return "apiVersion: sandboxegress.io/v1alpha1\nkind: SandboxEgress\nmetadata:\n  name: " + name
        + "\nspec:\n" + specYaml.indent(2);
  }
}
