package io.sandboxegress.lab;

import static io.sandboxegress.lab.LabCluster.DEADLINE;
import static io.sandboxegress.lab.LabCluster.awaitProbes;
import static io.sandboxegress.lab.LabCluster.observed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithLab;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data plane {@code none} (NetworkPolicy only), on real packets: kube-router enforces what the
 * operator renders, the operator's probe pod really runs in a sandbox's network identity, and the
 * status reports what it saw.
 */
@WithLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoneDataPlaneLabTest {

  private static final String PYPI_HTTPS = "https://pypi.org/simple/";
  private static final String PYPI_HTTP = "http://pypi.org/";
  private static final String EXAMPLE_TCP = "tcp://" + LabAddresses.EXAMPLE_COM + ":" + LabAddresses.TCP_PORT;
  private static final String EXAMPLE_SSH = "tcp://" + LabAddresses.EXAMPLE_COM + ":22";
  private static final String METADATA = "http://" + LabAddresses.METADATA + "/latest/meta-data/";
  private static final String METADATA_NAME = "http://metadata.google.internal/computeMetadata/v1/";
  private static final String RFC1918 = "tcp://" + LabAddresses.RFC1918_10 + ":" + LabAddresses.TCP_PORT;
  private static final String RFC1918_172 = "tcp://" + LabAddresses.RFC1918_172 + ":" + LabAddresses.TCP_PORT;
  private static final String RFC1918_192 = "tcp://" + LabAddresses.RFC1918_192 + ":" + LabAddresses.TCP_PORT;
  private static final String CGNAT = "tcp://" + LabAddresses.CGNAT + ":" + LabAddresses.TCP_PORT;
  private static final String PUBLIC_DNS = "tcp://" + LabAddresses.PUBLIC_DNS + ":53";
  private static final String SERVICE = "tcp://" + LabAddresses.SANDBOX_SERVICE_CLUSTER_IP + ":80";
  private static final String UNKNOWN_NAME = "https://no-such-host.example.net/";

  private final ApiServer server;
  private final KubernetesClient client;
  private final String ns;
  private RunningOperator operator;

  NoneDataPlaneLabTest(ApiServer server, KubernetesClient client, TestNamespace ns) {
    this.server = server;
    this.client = client;
    this.ns = ns.name();
  }

  @BeforeAll
  void startOperator() {
    operator = RunningOperator.start(server, LabCluster.operatorConfig(ns));
  }

  @AfterAll
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  private String blockedTargets(String otherSandbox) {
    return String.join("\n", List.of(
        "- {url: '" + EXAMPLE_SSH + "', expect: Blocked}",
        "- {url: '" + METADATA + "', expect: Blocked}",
        "- {url: '" + METADATA_NAME + "', expect: Blocked}",
        "- {url: '" + RFC1918 + "', expect: Blocked}",
        "- {url: '" + RFC1918_172 + "', expect: Blocked}",
        "- {url: '" + RFC1918_192 + "', expect: Blocked}",
        "- {url: '" + CGNAT + "', expect: Blocked}",
        "- {url: '" + PUBLIC_DNS + "', expect: Blocked}",
        "- {url: '" + SERVICE + "', expect: Blocked}",
        "- {url: '" + otherSandbox + "', expect: Blocked}",
        "- {url: '" + UNKNOWN_NAME + "', expect: Blocked}"));
  }

  @Test
  void allowListReachesItsHostsAndRangeAndNothingElse(Lab lab) {
    List<String> sandboxes = LabCluster.sandboxes(client, ns, "allowlist", 2);
    lab.routeService(LabAddresses.SANDBOX_SERVICE_CLUSTER_IP, 80, sandboxes.get(1), LabAddresses.POD_PORT);
    String otherSandbox = "tcp://" + sandboxes.get(1) + ":" + LabAddresses.POD_PORT;
    String spec = """
        podSelector: {matchLabels: {app: allowlist}}
        policy: AllowList
        allow:
        - host: pypi.org
        - cidr: 198.51.100.0/28
          ports: [{number: 9000, protocol: TCP}]
        probes:
          timeoutSeconds: 10
          targets:
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
        %s
        """.formatted(PYPI_HTTPS, PYPI_HTTP, EXAMPLE_TCP, blockedTargets(otherSandbox).indent(2));

    // Control: in DryRun nothing is applied, so the same probe reaches what the policy will block.
    SandboxEgresses.apply(client, ns, "allowlist", spec + "enforcement: DryRun\n");
    SandboxEgress open = awaitProbes(client, ns, "allowlist", p -> p.containsKey(METADATA));
    assertThat(observed(open)).containsEntry(METADATA, "Reachable HttpResponse")
        .containsEntry(RFC1918, "Reachable TcpConnected")
        .containsEntry(otherSandbox, "Reachable TcpConnected")
        .containsEntry(SERVICE, "Reachable TcpConnected");

    SandboxEgresses.apply(client, ns, "allowlist", spec + "enforcement: Enforce\n");
    SandboxEgress verified = SandboxEgresses.awaitCondition(client, ns, "allowlist", "Verified", "True", LabCluster.DEADLINE);
    Map<String, String> seen = observed(verified);
    assertThat(seen.get(PYPI_HTTPS)).isIn("Reachable TlsHandshakeOk", "Reachable HttpResponse");
    assertThat(seen).containsEntry(PYPI_HTTP, "Reachable HttpResponse")
        .containsEntry(EXAMPLE_TCP, "Reachable TcpConnected")
        // kube-router rejects what no rule allows; the lab turns every reject into a refusal
        .containsEntry(EXAMPLE_SSH, "Blocked ConnectionRefused")
        .containsEntry(METADATA, "Blocked ConnectionRefused")
        .containsEntry(METADATA_NAME, "Blocked ConnectionRefused")
        .containsEntry(RFC1918, "Blocked ConnectionRefused")
        .containsEntry(RFC1918_172, "Blocked ConnectionRefused")
        .containsEntry(RFC1918_192, "Blocked ConnectionRefused")
        .containsEntry(CGNAT, "Blocked ConnectionRefused")
        .containsEntry(PUBLIC_DNS, "Blocked ConnectionRefused")
        .containsEntry(SERVICE, "Blocked ConnectionRefused")
        .containsEntry(otherSandbox, "Blocked ConnectionRefused")
        // names resolve through kube-dns only, and an unknown name fails there
        .containsEntry(UNKNOWN_NAME, "Blocked DnsFailure");
    assertThat(LabCluster.byTarget(verified).get(PYPI_HTTPS).getDetail()).contains(LabAddresses.PYPI);
  }

  @Test
  void denyAllBlocksEverythingButKeepsClusterDns() {
    LabCluster.sandboxes(client, ns, "denyall", 1);
    SandboxEgresses.apply(client, ns, "denyall", """
        podSelector: {matchLabels: {app: denyall}}
        policy: DenyAll
        probes:
          timeoutSeconds: 10
          targets:
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
        """.formatted(PYPI_HTTPS, METADATA, EXAMPLE_TCP));
    SandboxEgress verified = SandboxEgresses.awaitCondition(client, ns, "denyall", "Verified", "True", LabCluster.DEADLINE);
    // refused, not DnsFailure: the name still resolved through kube-dns
    assertThat(observed(verified)).containsEntry(PYPI_HTTPS, "Blocked ConnectionRefused")
        .containsEntry(METADATA, "Blocked ConnectionRefused")
        .containsEntry(EXAMPLE_TCP, "Blocked ConnectionRefused");
    assertThat(LabCluster.byTarget(verified).get(PYPI_HTTPS).getDetail()).contains(LabAddresses.PYPI);
  }

  @Test
  void allowInternetReachesPublicHostsButNotTheCloudTheClusterOrPrivateRanges() {
    List<String> sandboxes = LabCluster.sandboxes(client, ns, "internet", 2);
    String otherSandbox = "tcp://" + sandboxes.get(1) + ":" + LabAddresses.POD_PORT;
    String mirror = "tcp://" + LabAddresses.RFC1918_10 + ":443";
    SandboxEgresses.apply(client, ns, "internet", """
        podSelector: {matchLabels: {app: internet}}
        policy: AllowInternet
        allow:
        - cidr: 10.200.0.0/24
          private: true
          ports: [{number: 443, protocol: TLS}]
        probes:
          timeoutSeconds: 10
          targets:
          - {url: 'https://example.com/', expect: Reachable}
          - {url: 'http://unlisted.example.net/', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
          - {url: '%s', expect: Blocked}
        """.formatted(EXAMPLE_TCP, mirror, METADATA, RFC1918, CGNAT, RFC1918_192, otherSandbox));
    SandboxEgress verified = SandboxEgresses.awaitCondition(client, ns, "internet", "Verified", "True", LabCluster.DEADLINE);
    assertThat(observed(verified)).containsEntry("http://unlisted.example.net/", "Reachable HttpResponse")
        .containsEntry(EXAMPLE_TCP, "Reachable TcpConnected")
        .containsEntry(mirror, "Reachable TcpConnected")
        .containsEntry(METADATA, "Blocked ConnectionRefused")
        .containsEntry(RFC1918, "Blocked ConnectionRefused")
        .containsEntry(CGNAT, "Blocked ConnectionRefused")
        .containsEntry(otherSandbox, "Blocked ConnectionRefused");
  }

  @Test
  void aRegressionSeenOnTheWireIsRolledBack() {
    LabCluster.sandboxes(client, ns, "rollback", 1);
    String probes = """
        probes:
          timeoutSeconds: 10
          targets:
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Blocked}
        rollout: {rollbackOnRegression: true}
        """.formatted(PYPI_HTTPS, METADATA);
    SandboxEgresses.apply(client, ns, "rollback", "podSelector: {matchLabels: {app: rollback}}\n"
        + "allow: [{host: pypi.org}]\n" + probes);
    SandboxEgresses.awaitCondition(client, ns, "rollback", "Verified", "True", LabCluster.DEADLINE);
    NetworkPolicy good = policy("rollback");

    // No host rule left: the sandboxes lose HTTPS, which the probe sees for real.
    SandboxEgresses.apply(client, ns, "rollback", "podSelector: {matchLabels: {app: rollback}}\n"
        + "allow: [{cidr: 198.51.100.0/28, ports: [{number: 9000, protocol: TCP}]}]\n" + probes);
    SandboxEgress rolledBack = SandboxEgresses.awaitCondition(client, ns, "rollback", "RolledBack", "True", LabCluster.DEADLINE);
    assertThat(SandboxEgresses.condition(rolledBack, "RolledBack").getMessage())
        .contains(PYPI_HTTPS).contains("ConnectionRefused");
    assertThat(policy("rollback").getSpec()).isEqualTo(good.getSpec());
    // and the good revision, back in place, reaches pypi again
    SandboxEgress again = SandboxEgresses.awaitCondition(client, ns, "rollback", "Verified", "True", LabCluster.DEADLINE);
    assertThat(observed(again).get(PYPI_HTTPS)).startsWith("Reachable");
  }

  @Test
  void aForeignPolicyThatWidensEgressIsAConflictAndSeenByTheProbe() {
    LabCluster.sandboxes(client, ns, "widened", 1);
    String spec = """
        podSelector: {matchLabels: {app: widened}}
        allow: [{host: pypi.org}]
        rollout: {rollbackOnRegression: false}
        probes:
          timeoutSeconds: 10
          targets:
          - {url: '%s', expect: Blocked}
        """.formatted(METADATA);
    SandboxEgresses.apply(client, ns, "widened", spec);
    SandboxEgresses.awaitCondition(client, ns, "widened", "Verified", "True", LabCluster.DEADLINE);

    client.network().v1().networkPolicies().inNamespace(ns).resource(new NetworkPolicyBuilder()
        .withNewMetadata().withName("allow-all-egress").endMetadata()
        .withNewSpec().withNewPodSelector().addToMatchLabels("app", "widened").endPodSelector()
        .withPolicyTypes("Egress").addNewEgress().endEgress().endSpec().build()).create();
    // a spec change makes the operator look again and probe again
    SandboxEgresses.apply(client, ns, "widened", spec + "  - {url: '" + RFC1918 + "', expect: Blocked}\n");
    SandboxEgress widened = awaitProbes(client, ns, "widened", p -> p.containsKey(RFC1918));
    assertThat(observed(widened)).containsEntry(METADATA, "Reachable HttpResponse")
        .containsEntry(RFC1918, "Reachable TcpConnected");
    assertThat(SandboxEgresses.condition(widened, "Verified").getStatus()).isEqualTo("False");
    assertThat(widened.getStatus().getConflicts()).anySatisfy(c -> assertThat(c.getName()).isEqualTo("allow-all-egress"));
    // why the probe saw it, across layers: the widening policy is named as the likely cause, with the fix
    assertThat(LabCluster.byTarget(widened).get(METADATA).getCause()).contains("NetworkPolicy")
        .contains("allow-all-egress");
    assertThat(SandboxEgresses.condition(widened, "Ready").getStatus()).isEqualTo("False");

    client.network().v1().networkPolicies().inNamespace(ns).withName("allow-all-egress").delete();
  }

  @Test
  void aDeletedPolicyIsRestoredAndTheTargetBlockedAgain() {
    LabCluster.sandboxes(client, ns, "restored", 1);
    String spec = """
        podSelector: {matchLabels: {app: restored}}
        allow: [{host: pypi.org}]
        probes:
          timeoutSeconds: 10
          targets:
          - {url: '%s', expect: Blocked}
        """.formatted(METADATA);
    SandboxEgresses.apply(client, ns, "restored", spec);
    SandboxEgresses.awaitCondition(client, ns, "restored", "Verified", "True", LabCluster.DEADLINE);
    NetworkPolicy original = policy("restored");
    Instant deleted = Instant.now();
    client.resource(original).delete();
    await().atMost(DEADLINE).until(() -> {
      NetworkPolicy now = policy("restored");
      return now != null && !now.getMetadata().getUid().equals(original.getMetadata().getUid());
    });
    // probe again after the repair: blocked on the wire again
    SandboxEgresses.apply(client, ns, "restored", spec + "  - {url: '" + RFC1918 + "', expect: Blocked}\n");
    SandboxEgress again = awaitProbes(client, ns, "restored", p -> p.containsKey(RFC1918)
        && Instant.parse(p.get(METADATA).getCheckedAt()).isAfter(deleted));
    assertThat(observed(again)).containsEntry(METADATA, "Blocked ConnectionRefused")
        .containsEntry(RFC1918, "Blocked ConnectionRefused");
  }

  private NetworkPolicy policy(String name) {
    return client.network().v1().networkPolicies().inNamespace(ns).withName("sandbox-egress-" + name).get();
  }
}
