package io.sandboxegress.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.ConflictEffect;
import io.sandboxegress.api.Expectation;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every object that selects or serves the sandboxes, explained (ALLOW policies, the namespace's
 * ServiceEntries, the outbound policy in force), and why a failing probe failed, across layers:
 * real objects on the real API server.
 */
@WithApiServer
class SandboxObjectsExplainedTest {

  private static final Map<String, String> IN_MESH = Map.of("istio-injection", "enabled");
  private static final String SANDBOXES = """
      podSelector: {matchLabels: {app: sandbox}}
      allow:
        - host: pypi.org
        - host: "*.githubusercontent.com"
      """;

  private final ClusterObjects cluster;
  private final String prefix;
  private final KubernetesClient client;

  SandboxObjectsExplainedTest(KubernetesClient client, TestNamespace ns) {
    this.client = client;
    this.cluster = new ClusterObjects(client);
    this.prefix = ns.name();
  }

  @Test
  void allowPoliciesAreExplainedAndOneWithHostsIsAdvice() {
    String ns = cluster.namespace(prefix + "-allow", IN_MESH);
    cluster.create(ns, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow-egress-hosts}
        spec:
          selector: {matchLabels: {app: sandbox}}
          action: ALLOW
          rules: [{to: [{operation: {hosts: ["*"]}}]}]
        """);
    cluster.create(ns, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow-all}
        spec:
          selector: {matchLabels: {app: sandbox}}
          action: ALLOW
          rules: [{}]
        """);
    Found found = withOurObjects(ns);

    assertThat(found.findings().conflicts()).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("allow-egress-hosts");
      assertThat(c.getEffect()).isEqualTo(ConflictEffect.Advice);
      assertThat(c.getMessage()).contains("only HTTP requests whose Host is *")
          .contains("non-HTTP connections (SSH, a terminal, raw TCP, TLS passed through) carry no Host and are denied")
          .contains("it does not govern the sandboxes' egress");
    });
    assertThat(SelectingObjects.describe(found.objects()))
        .anySatisfy(line -> assertThat(line).startsWith("AuthorizationPolicy " + ns + "/allow-all: ALLOW")
            .contains("has an empty rule ({}), so it allows every request into the sandboxes: it changes nothing"))
        .anySatisfy(line -> assertThat(line).startsWith("AuthorizationPolicy " + ns + "/allow-egress-hosts: ALLOW")
            .contains("not destinations they may reach"));
  }

  @Test
  void theNamespacesServiceEntriesSayWhetherTheSidecarImportsThemAndWhetherTheyWiden() {
    String ns = cluster.namespace(prefix + "-se", IN_MESH);
    cluster.create(ns, ServiceEntry.class, """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: pypi-any-port}
        spec:
          hosts: [pypi.org]
          ports: [{number: 443, name: tls, protocol: TLS}, {number: 8443, name: tls-alt, protocol: TLS}]
          resolution: NONE
          location: MESH_EXTERNAL
        """);
    cluster.create(ns, ServiceEntry.class, """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: wildcard-example}
        spec:
          hosts: ["*.example.com"]
          ports: [{number: 443, name: tls, protocol: TLS}]
          resolution: NONE
          location: MESH_EXTERNAL
          exportTo: ["."]
        """);
    cluster.create(ns, ServiceEntry.class, """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: metadata-ip}
        spec:
          hosts: [metadata.internal]
          addresses: [169.254.169.254/32]
          ports: [{number: 80, name: http, protocol: HTTP}]
          resolution: STATIC
          endpoints: [{address: 169.254.169.254}]
          location: MESH_EXTERNAL
        """);
    Found found = withOurObjects(ns);

    assertThat(found.findings().conflicts()).singleElement().satisfies(c -> {
      assertThat(c.getKind()).isEqualTo("ServiceEntry");
      assertThat(c.getName()).isEqualTo("pypi-any-port");
      assertThat(c.getEffect()).isEqualTo(ConflictEffect.Widens);
      assertThat(c.getMessage()).contains("declares pypi.org, which the Sidecar of SandboxEgress agents imports")
          .contains("opens port 8443 that the spec does not allow for it")
          .contains("resolution NONE, so Envoy forwards to whatever address the sandbox dialled")
          .contains("Fix: give it an exportTo that leaves this namespace out");
    });
    List<ServiceEntryFindings.Finding> entries = ServiceEntryFindings.of(found.objects(), Optional.of(found.owned()));
    assertThat(entries).extracting(f -> f.entry().getMetadata().getName() + ": " + f.text())
        .anySatisfy(t -> assertThat(t).startsWith("wildcard-example: hosts *.example.com on 443/TLS")
            .contains("not imported by the Sidecar of SandboxEgress agents (it imports only ./")
            .contains("it does not widen their egress").doesNotContain("exported to every namespace"))
        .anySatisfy(t -> assertThat(t).startsWith("metadata-ip: hosts metadata.internal on 80/HTTP,"
                + " addresses 169.254.169.254/32")
            .contains("not imported").contains("exported to every namespace of the mesh (no exportTo)"));
  }

  @Test
  void theOutboundPolicyInForceNamesWhatSetsItAndASecondSidecarMakesItUndefined() {
    String ns = cluster.namespace(prefix + "-outbound", IN_MESH);
    Found found = withOurObjects(ns);
    assertThat(OutboundPolicy.describe(found.objects()))
        .isEqualTo("REGISTRY_ONLY, from Sidecar " + ns + "/sandbox-egress-agents (it selects the sandboxes)");

    cluster.create(ns, Sidecar.class, """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: platform}
        spec:
          workloadSelector: {labels: {app: sandbox}}
          outboundTrafficPolicy: {mode: ALLOW_ANY}
        """);
    assertThat(OutboundPolicy.describe(read(ns)))
        .startsWith("undefined: Sidecars " + ns + "/platform, " + ns + "/sandbox-egress-agents all select");
    assertThat(OutboundPolicy.describe(read(cluster.namespace(prefix + "-nomesh", Map.of()))))
        .startsWith("none: the sandboxes run no Istio sidecar");
  }

  @Test
  void aFailingProbeNamesTheMostLikelyCauseAcrossLayers() {
    String ns = cluster.namespace(prefix + "-why", IN_MESH);
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-web}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress: [{ports: [{port: 80}, {port: 443}]}]
        """);
    cluster.create(ns, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-uploads}
        spec:
          action: DENY
          rules: [{to: [{operation: {methods: [POST]}}]}]
        """);
    Findings findings = withOurObjects(ns).findings();

    assertThat(findings.cause(probe("http://169.254.169.254/", Expectation.Blocked, "Reachable", "HttpResponse")))
        .hasValueSatisfying(cause -> assertThat(cause).startsWith("NetworkPolicy " + ns + "/allow-web selects"
            + " the sandboxes and allows egress to every destination, on 80/TCP, 443/TCP, which the spec does not")
            .contains("Fix: change its podSelector"));
    assertThat(findings.cause(probe("https://files.example.org/", Expectation.Reachable, "Blocked", "TlsHandshakeReset")))
        .hasValueSatisfying(cause -> assertThat(cause).startsWith("files.example.org is not in spec.allow, so the"
            + " Sidecar does not import it and REGISTRY_ONLY sends it to the BlackHoleCluster (TlsHandshakeReset)")
            .endsWith("Fix: add {host: files.example.org} to spec.allow, or expect Blocked."));
    assertThat(findings.cause(probe("tcp://pypi.org:8443", Expectation.Reachable, "Blocked", "EnvoyBlackhole")))
        .hasValueSatisfying(cause -> assertThat(cause).startsWith("spec.allow gives pypi.org ports [443, 80], not 8443"));
    assertThat(findings.cause(probe("https://pypi.org/simple/", Expectation.Reachable, "Blocked", "EnvoyRbacDenied")))
        .hasValueSatisfying(cause -> assertThat(cause).contains("DENY AuthorizationPolicy " + ns + "/deny-uploads"));
    assertThat(findings.cause(probe("https://pypi.org/simple/", Expectation.Reachable, "Reachable", "HttpResponse")))
        .isEmpty();
  }

  @Test
  void aSecondSidecarIsBlamedOnlyForABlockedHostTheSpecAllows() {
    String ns = cluster.namespace(prefix + "-second", IN_MESH);
    SandboxEgress cr = ClusterObjects.sandboxEgress(ns, "agents", SANDBOXES);
    Bundle bundle = cluster.renderAndApply(cr, DataPlane.SIDECAR);
    cluster.create(ns, Sidecar.class, """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: platform}
        spec:
          workloadSelector: {labels: {app: sandbox}}
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
          egress: [{hosts: [./files.example.org]}]
        """);
    Findings findings = finder().findings(cr, bundle);

    assertThat(findings.cause(probe("https://pypi.org/", Expectation.Reachable, "Blocked", "TlsHandshakeReset")))
        .hasValueSatisfying(cause -> assertThat(cause).startsWith("Sidecar " + ns + "/platform decides for the"
            + " sandboxes' sidecars instead of the spec (Undefined"));
    assertThat(findings.cause(probe("https://other.example.net/", Expectation.Reachable, "Blocked", "TlsHandshakeReset")))
        .hasValueSatisfying(cause -> assertThat(cause).startsWith("other.example.net is not in spec.allow"));
  }

  @Test
  void anotherSandboxEgressesEntryForTheSameHostIsAdviceNamingBoth() {
    String ns = cluster.namespace(prefix + "-two", IN_MESH);
    cluster.renderAndApply(ClusterObjects.sandboxEgress(ns, "builders", """
        podSelector: {matchLabels: {app: builder}}
        allow: [{host: pypi.org, ports: [{number: 8443, protocol: TLS}]}]
        """), DataPlane.SIDECAR);
    Found found = withOurObjects(ns);

    assertThat(found.findings().conflicts()).singleElement().satisfies(c -> {
      assertThat(c.getEffect()).isEqualTo(ConflictEffect.Advice);
      assertThat(c.getMessage()).startsWith("ServiceEntry of SandboxEgress builders in the same namespace declares"
          + " pypi.org, which the Sidecar of SandboxEgress agents imports too").contains("opens port 8443");
    });
  }

  @Test
  void dnsEgressBlockedIsNamedBehindADnsFailure() {
    String ns = cluster.namespace(prefix + "-dns", Map.of());
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-egress}
        spec:
          podSelector: {}
          policyTypes: [Egress]
        """);
    BlockedCause why = new BlockedCause(read(ns), Optional.empty(), List.of());

    assertThat(why.explain(probe("https://pypi.org/", Expectation.Reachable, "Blocked", "DnsFailure")))
        .hasValueSatisfying(cause -> assertThat(cause).startsWith("DNS egress is blocked: NetworkPolicy " + ns
            + "/default-deny-egress restrict the sandboxes' egress and none allows port 53"));
  }

  private record Found(NamespaceObjects objects, OwnedEgress owned, Findings findings) {}

  private Found withOurObjects(String namespace) {
    SandboxEgress cr = ClusterObjects.sandboxEgress(namespace, "agents", SANDBOXES);
    Bundle bundle = cluster.renderAndApply(cr, DataPlane.SIDECAR);
    Findings findings = finder().findings(cr, bundle);
    return new Found(read(namespace), OwnedEgress.of(cr, bundle), findings);
  }

  private NamespaceObjects read(String namespace) {
    return NamespaceObjects.read(new ClientClusterView(client), new IstioNamespaces("unused-root", "unused-config"),
        new Sandboxes(namespace, SelectorText.parse("app=sandbox")));
  }

  private ConflictFinder finder() {
    return new ConflictFinder(new ClientClusterView(client), new IstioNamespaces("unused-root", "unused-config"));
  }

  private static ProbeStatus probe(String target, Expectation expect, String outcome, String reason) {
    ProbeStatus probe = new ProbeStatus();
    probe.setTarget(target);
    probe.setExpect(expect);
    probe.setOutcome(outcome);
    probe.setReason(reason);
    probe.setVerdict(expect.name().equals(outcome) ? "Pass" : "Fail");
    return probe;
  }
}
