package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.render.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

  @TempDir
  Path dir;

  private static Run run(String... args) {
    return Run.of(args);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static String example(String name) {
    return Golden.basedir().resolve("examples/" + name).toString();
  }

  private static String golden(String path) throws IOException {
    return Files.readString(Golden.root().resolve(path));
  }

  @Test
  void rendersAnExampleAsItsGoldenFile() throws IOException {
    Run run = run("render", "-f", example("daytona-sandbox-egress.yaml"),
        "--pod-cidr", "10.244.0.0/16", "--pod-cidr", "fd00:10:244::/56",
        "--service-cidr", "10.96.0.0/12", "--service-cidr", "fd00:10:96::/112");
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(golden("examples/daytona-sandbox-egress.none.yaml"));
  }

  @Test
  void rendersForTheSidecarDataPlane() throws IOException {
    Run run = run("render", "-f", example("daytona-sandbox-egress.yaml"), "--data-plane", "sidecar");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(golden("examples/daytona-sandbox-egress.sidecar.yaml"));
  }

  @Test
  void rendersEveryDocumentInOrder() throws IOException {
    String first = Files.readString(Path.of(example("deny-all.yaml")));
    String second = Files.readString(Path.of(example("allow-internet.yaml")));
    Path both = file("both.yaml", first + "---\n" + second + "---\n");
    Run run = run("render", "-f", both.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(golden("examples/deny-all.none.yaml")
        + golden("examples/allow-internet.none.yaml"));
  }

  @Test
  void clusterRangesAreCarvedOut() throws IOException {
    Run run = run("render", "-f", example("allow-internet.yaml"), "--service-cidr", "198.18.0.0/15");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("- \"198.18.0.0/15\"");
  }

  @Test
  void istioModeSidecarInTheSpecWinsOverTheFlag() throws IOException {
    Path cr = file("sidecar.yaml", """
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: a, namespace: b}
        spec:
          podSelector: {matchLabels: {app: x}}
          istio: {mode: Sidecar}
        """);
    assertThat(run("render", "-f", cr.toString()).out()).contains("kind: \"Sidecar\"");
  }

  @Test
  void planErrorsNameTheFieldAndExit2() throws IOException {
    Path cr = file("bad.yaml", """
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: agents, namespace: daytona}
        spec:
          podSelector: {matchLabels: {app: x}}
          allow:
            - host: pypi.org
            - cidr: 169.254.169.254/32
              ports: [{number: 80}]
        """);
    Run run = run("render", "-f", cr.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("(SandboxEgress daytona/agents) is invalid")
        .contains("spec.allow[1].cidr: 169.254.169.254/32 is inside 169.254.0.0/16, link-local"
            + " (cloud metadata), which stays blocked: add private: true if this is on purpose");
  }

  @Test
  void oneInvalidDocumentPrintsNothing() throws IOException {
    String valid = Files.readString(Path.of(example("deny-all.yaml")));
    Path cr = file("mixed.yaml", valid + """
        ---
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: second, namespace: daytona}
        spec:
          podSelector: {}
        """);
    Run run = run("render", "-f", cr.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("document 2").contains("spec.podSelector: podSelector must not be empty");
  }

  @Test
  void wrongKindExits2() throws IOException {
    Path cr = file("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    Run run = run("render", "-f", cr.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("kind: expected kind SandboxEgress and apiVersion"
        + " sandboxegress.io/v1alpha1, found kind 'ConfigMap' and apiVersion 'v1'");
  }

  @Test
  void unparsableYamlExits2() throws IOException {
    Path cr = file("broken.yaml", "apiVersion: [unclosed\n");
    Run run = run("render", "-f", cr.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot read it as YAML");
  }

  @Test
  void unknownFieldExits2WithItsPath() throws IOException {
    Path cr = file("typo.yaml", """
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: a, namespace: b}
        spec:
          podSelector: {matchLabels: {app: x}}
          allow: [{hots: pypi.org}]
        """);
    Run run = run("render", "-f", cr.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("spec.allow[0].hots: unknown field 'hots'");
  }

  @Test
  void wrongValueTypeExits2WithItsPath() throws IOException {
    Path cr = file("type.yaml", """
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: a, namespace: b}
        spec:
          podSelector: {matchLabels: {app: x}}
          policy: AllowSome
        """);
    Run run = run("render", "-f", cr.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("spec.policy: ");
  }

  @Test
  void missingFileExits2() {
    Run run = run("render", "-f", dir.resolve("nope.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.yaml: cannot read it");
  }

  @Test
  void emptyFileExits2() throws IOException {
    Run run = run("render", "-f", file("empty.yaml", "# nothing\n").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no SandboxEgress found");
  }

  @Test
  void rendersForTheAmbientDataPlane() throws IOException {
    Run run = run("render", "-f", example("daytona-ambient.yaml"), "--data-plane", "ambient",
        "--pod-cidr", "10.244.0.0/16", "--pod-cidr", "fd00:10:244::/56",
        "--service-cidr", "10.96.0.0/12", "--service-cidr", "fd00:10:96::/112");
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(golden("examples/daytona-ambient.ambient.yaml"));
  }

  @Test
  void rendersTheCrsOwnEgressGateway() throws IOException {
    Run run = run("render", "-f", example("daytona-egress-gateway.yaml"),
        "--pod-cidr", "10.244.0.0/16", "--pod-cidr", "fd00:10:244::/56",
        "--service-cidr", "10.96.0.0/12", "--service-cidr", "fd00:10:96::/112");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo(golden("examples/daytona-egress-gateway.sidecar.yaml"));
  }

  @Test
  void egressGatewayOptionsRouteHostsThroughTheGateway() throws IOException {
    Run run = run("render", "-f", Golden.root().resolve("gateway/allow-list.cr.yaml").toString(),
        "--data-plane", "sidecar", "--egress-gateway-namespace", "egress",
        "--egress-gateway-selector", "app=egress-gateway",
        "--egress-gateway-selector", "istio=egressgateway",
        "--pod-cidr", "10.244.0.0/16", "--pod-cidr", "fd00:10:244::/56",
        "--service-cidr", "10.96.0.0/12", "--service-cidr", "fd00:10:96::/112");
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo(golden("gateway/allow-list.sidecar.yaml"));
    Run plain = run("render", "-f", example("deny-all.yaml"), "--data-plane", "sidecar",
        "--egress-gateway-namespace", "istio-system");
    assertThat(plain.exitCode()).isZero();
    assertThat(plain.out()).isEqualTo(golden("examples/deny-all.sidecar.yaml"));
  }

  @Test
  void egressGatewayWithoutSidecarsExits2AndNamesTheField() {
    Run run = run("render", "-f", example("daytona-sandbox-egress.yaml"),
        "--egress-gateway-namespace", "istio-system");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("spec.allow[3].host: wildcard host *.githubusercontent.com");
    Run none = run("render", "-f", example("deny-all.yaml"), "--egress-gateway-namespace",
        "istio-system");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("spec.istio.egressGateway: an egress gateway needs the Istio"
        + " sidecar data plane");
    assertThat(none.out()).isEmpty();
  }

  @Test
  void egressGatewaySelectorNeedsANamespace() {
    Run run = run("render", "-f", example("deny-all.yaml"), "--egress-gateway-selector", "a=b");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--egress-gateway-selector: needs --egress-gateway-namespace");
  }

  @Test
  void ambientRefusesWildcardHostsAndNamesTheField() {
    Run run = run("render", "-f", example("daytona-sandbox-egress.yaml"), "--data-plane", "ambient");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("spec.allow: wildcard hosts [*.githubusercontent.com]");
  }

  @Test
  void unknownDataPlaneExits2() {
    Run run = run("render", "-f", example("deny-all.yaml"), "--data-plane", "cilium");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("must be none, sidecar or ambient");
  }

  @Test
  void missingFileOptionIsAUsageError() {
    Run run = run("render");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option");
  }
}
