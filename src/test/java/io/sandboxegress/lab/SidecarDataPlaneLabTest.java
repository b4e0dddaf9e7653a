package io.sandboxegress.lab;

import static io.sandboxegress.lab.LabCluster.DEADLINE;
import static io.sandboxegress.lab.LabCluster.observed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithLab;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data plane {@code sidecar}, on real packets: istiod built from Istio's module, pilot-agent and
 * upstream Envoy in every sandbox pod with Istio's iptables redirect, kube-router under it. The
 * probe pod gets its own sidecar, as a sandbox would.
 */
@WithLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SidecarDataPlaneLabTest {

  static final String PYPI_HTTPS = "https://pypi.org/simple/";
  static final String PYPI_HTTP = "http://pypi.org/";
  static final String RAW_GITHUB = "https://raw.githubusercontent.com/";
  static final String RANGE_TCP = "tcp://" + LabAddresses.EXAMPLE_COM + ":" + LabAddresses.TCP_PORT;
  static final String UNLISTED_HTTPS = "https://example.com/";
  static final String UNLISTED_HTTP = "http://example.com/";
  static final String METADATA = "http://" + LabAddresses.METADATA + "/latest/meta-data/";
  static final String RFC1918 = "tcp://" + LabAddresses.RFC1918_10 + ":" + LabAddresses.TCP_PORT;
  static final String CGNAT_HTTP = "http://" + LabAddresses.CGNAT + "/";
  static final String UNKNOWN_NAME = "https://no-such-host.example.net/";
  static final String SPOOFED_SNI = "https://" + LabAddresses.SPOOFED_SNI_HOST + "/";

  private final ApiServer server;
  private final KubernetesClient client;
  private final String ns;
  private RunningOperator operator;

  SidecarDataPlaneLabTest(ApiServer server, KubernetesClient client, TestNamespace ns) {
    this.server = server;
    this.client = client;
    this.ns = ns.name();
  }

  @BeforeAll
  void meshAndOperator(Lab lab) throws InterruptedException {
    lab.enableSidecarMesh();
    client.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels("istio-injection", "enabled").endMetadata().build());
    operator = RunningOperator.start(server, LabCluster.operatorConfig(ns));
  }

  @AfterAll
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void allowListThroughTheSidecarReachesItsHostsAndBlocksTheRestWithEnvoysOwnReasons() {
    List<String> sandboxes = LabCluster.sandboxes(client, ns, "agents", 2);
    String otherSandbox = "tcp://" + sandboxes.get(1) + ":" + LabAddresses.POD_PORT;
    SandboxEgresses.apply(client, ns, "agents", """
        podSelector: {matchLabels: {app: agents}}
        policy: AllowList
        allow:
        - host: pypi.org
        - host: "*.githubusercontent.com"
          ports: [{number: 443, protocol: TLS}]
        - cidr: 198.51.100.0/28
          ports: [{number: 9000, protocol: TCP}]
        probes:
          # Envoy's first lookup of a new name through its dynamic forward proxy took 5 s now and
          # then in the lab (a resolver retry): room for it
          timeoutSeconds: 10
          targets:
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
        """.formatted(PYPI_HTTPS, PYPI_HTTP, RAW_GITHUB, SPOOFED_SNI, RANGE_TCP, UNLISTED_HTTPS, UNLISTED_HTTP,
        METADATA, RFC1918, CGNAT_HTTP, otherSandbox, UNKNOWN_NAME));
    SandboxEgress verified = SandboxEgresses.awaitCondition(client, ns, "agents", "Verified", "True", LabCluster.DEADLINE);
    Map<String, String> seen = observed(verified);
    assertThat(seen.get(PYPI_HTTPS)).isIn("Reachable HttpResponse", "Reachable TlsHandshakeOk");
    assertThat(seen).containsEntry(PYPI_HTTP, "Reachable HttpResponse")
        .containsEntry(RANGE_TCP, "Reachable TcpConnected")
        // REGISTRY_ONLY: an unlisted TLS host is reset in the handshake, plain HTTP gets envoy's own 502
        .containsEntry(UNLISTED_HTTPS, "Blocked TlsHandshakeReset")
        .containsEntry(UNLISTED_HTTP, "Blocked EnvoyBlackhole")
        .containsEntry(METADATA, "Blocked EnvoyBlackhole")
        .containsEntry(CGNAT_HTTP, "Blocked EnvoyBlackhole")
        // envoy accepts every TCP connection, then closes what it routes nowhere
        .containsEntry(RFC1918, "Blocked ConnectionReset")
        .containsEntry(otherSandbox, "Blocked ConnectionReset")
        .containsEntry(UNKNOWN_NAME, "Blocked DnsFailure");
    // A wildcard host is resolved by name at the proxy: an allowed SNI dialled to an unlisted address
    // lands on the name's own address, never on the one the sandbox chose.
    String spoofed = LabCluster.byTarget(verified).get(SPOOFED_SNI).getDetail();
    assertThat(spoofed).contains("via " + LabAddresses.UNLISTED)
        .contains("lab-world/" + LabAddresses.GITHUBUSERCONTENT)
        .doesNotContain("lab-world/" + LabAddresses.UNLISTED);
    assertThat(LabCluster.byTarget(verified).get(RAW_GITHUB).getDetail())
        .contains("lab-world/" + LabAddresses.GITHUBUSERCONTENT);
    assertThat(verified.getStatus().getDataPlane().getHostEnforcement()).contains("DYNAMIC_DNS");
  }

  @Test
  void aHostDroppedFromTheAllowListIsResetByTheSidecarAndRolledBack() {
    LabCluster.sandboxes(client, ns, "cutoff", 1);
    String probes = """
        probes:
          timeoutSeconds: 10
          targets:
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Blocked}
        rollout: {rollbackOnRegression: true}
        """.formatted(PYPI_HTTPS, METADATA);
    SandboxEgresses.apply(client, ns, "cutoff", "podSelector: {matchLabels: {app: cutoff}}\n"
        + "allow: [{host: pypi.org}, {host: github.com}]\n" + probes);
    SandboxEgresses.awaitCondition(client, ns, "cutoff", "Verified", "True", LabCluster.DEADLINE);

    SandboxEgresses.apply(client, ns, "cutoff", "podSelector: {matchLabels: {app: cutoff}}\n"
        + "allow: [{host: github.com}]\n" + probes);
    SandboxEgress rolledBack = SandboxEgresses.awaitCondition(client, ns, "cutoff", "RolledBack", "True", LabCluster.DEADLINE);
    assertThat(SandboxEgresses.condition(rolledBack, "RolledBack").getMessage())
        .contains(PYPI_HTTPS).contains("TlsHandshakeReset");
    SandboxEgress again = SandboxEgresses.awaitCondition(client, ns, "cutoff", "Verified", "True", LabCluster.DEADLINE);
    assertThat(observed(again).get(PYPI_HTTPS)).startsWith("Reachable");
  }

  @Test
  void denyAllAndAllowInternetThroughTheSidecar() {
    LabCluster.sandboxes(client, ns, "offline", 1);
    LabCluster.sandboxes(client, ns, "browsing", 1);
    SandboxEgresses.apply(client, ns, "offline", """
        podSelector: {matchLabels: {app: offline}}
        policy: DenyAll
        probes:
          timeoutSeconds: 5
          targets:
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
        """.formatted(PYPI_HTTPS, PYPI_HTTP, METADATA));
    SandboxEgresses.apply(client, ns, "browsing", """
        podSelector: {matchLabels: {app: browsing}}
        policy: AllowInternet
        probes:
          timeoutSeconds: 5
          targets:
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
        """.formatted(UNLISTED_HTTPS, RANGE_TCP, METADATA, RFC1918));
    SandboxEgress offline = SandboxEgresses.awaitCondition(client, ns, "offline", "Verified", "True", LabCluster.DEADLINE);
    // the sidecar imports nothing, so it has no HTTP route at all: TLS and plain HTTP are reset
    assertThat(observed(offline)).containsEntry(PYPI_HTTPS, "Blocked TlsHandshakeReset")
        .containsEntry(PYPI_HTTP, "Blocked ConnectionReset")
        .containsEntry(METADATA, "Blocked ConnectionReset");
    SandboxEgress browsing = SandboxEgresses.awaitCondition(client, ns, "browsing", "Verified", "True", LabCluster.DEADLINE);
    Map<String, String> seen = observed(browsing);
    assertThat(seen.get(UNLISTED_HTTPS)).startsWith("Reachable");
    assertThat(seen.get(RANGE_TCP)).isEqualTo("Reachable TcpConnected");
    // ALLOW_ANY passes unknown destinations through as TCP; the NetworkPolicy refuses the sidecar's
    // own connection and the sidecar resets the sandbox's
    assertThat(seen).containsEntry(METADATA, "Blocked ConnectionReset")
        .containsEntry(RFC1918, "Blocked ConnectionReset");
  }
}
