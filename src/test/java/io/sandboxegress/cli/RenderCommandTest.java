package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.render.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void onAClusterWithoutIstioASidecarModeIsRefusedAsTheOperatorRefusesIt() throws IOException {
    Path cr = file("sidecar-without-istio.yaml", """
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: a, namespace: b}
        spec:
          podSelector: {matchLabels: {app: x}}
          istio: {mode: Sidecar}
        """);
    Run run = run("render", "-f", cr.toString(), "--istio", "absent");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("spec.istio.mode: istio.mode is Sidecar but Istio is not installed");

    Run auto = run("render", "-f", example("daytona-sandbox-egress.yaml"), "--istio", "absent");
    assertThat(auto.exitCode()).isZero();
    assertThat(auto.out()).contains("kind: \"NetworkPolicy\"").doesNotContain("networking.istio.io");
    assertThat(run("render", "-f", cr.toString(), "--istio", "absent", "--data-plane", "sidecar").err())
        .contains("--data-plane sidecar: needs Istio, but --istio is absent");
  }

  @Test
  void theOperatorsOwnProtectedNamespacesAreRefusedToo() throws IOException {
    Path cr = file("in-operator-namespace.yaml", """
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: a, namespace: sandbox-egress-system}
        spec:
          podSelector: {matchLabels: {app: x}}
        """);
    assertThat(run("render", "-f", cr.toString()).exitCode()).isZero();
    Run refused = run("render", "-f", cr.toString(), "--protected-namespace", "sandbox-egress-system");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("metadata.namespace: namespace sandbox-egress-system is protected");
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
  void missingFileExits2AndSaysSo() {
    Run run = run("render", "-f", dir.resolve("nope.yaml").toString());
    assertRefused(run, "--filename: " + dir.resolve("nope.yaml") + ": no such file");
    assertRefused(run("render", "-f", dir.toString()), "--filename: " + dir + ": is a directory");
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

  private static final Pattern JAVA_NAMES =
      Pattern.compile("`|\\b(java|javax|io\\.sandboxegress|com\\.fasterxml|org\\.yaml)\\.");

  /** Exit 2, nothing on stdout, the field and message on stderr and no Java in sight. */
  private static void assertRefused(Run run, String fieldAndMessage) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(fieldAndMessage);
    assertThat(JAVA_NAMES.matcher(run.err()).find()).as(run.err()).isFalse();
  }

  private Path cr(String name, String metadata, String spec) throws IOException {
    return file(name, "apiVersion: sandboxegress.io/v1alpha1\nkind: SandboxEgress\nmetadata: "
        + metadata + "\nspec:\n" + spec.indent(2));
  }

  private static final String SELECTOR = "podSelector: {matchLabels: {app: x}}\n";

  @Test
  void aDuplicateKeyIsRefusedWithItsPathAndLine() throws IOException {
    Path top = cr("dup.yaml", "{name: a, namespace: b}", SELECTOR + "policy: DenyAll\npolicy: AllowInternet\n");
    assertRefused(run("render", "-f", top.toString()), "document 1 is invalid:\nspec.policy: duplicate"
        + " key (line 7): a key may appear once in a mapping; the cluster refuses the document");
    Path nested = cr("dup2.yaml", "{name: a, namespace: b}",
        SELECTOR + "allow:\n  - host: pypi.org\n  - {host: a.org, host: b.org}\n");
    assertRefused(run("render", "-f", nested.toString()), "spec.allow[1].host: duplicate key");
  }

  @Test
  void anAliasIsRefusedInsteadOfReadAsItsName() throws IOException {
    Path aliased = cr("alias.yaml", "{name: a, namespace: b}",
        "podSelector: {matchLabels: {app: &app x}}\nallow: [{host: *app}]\n");
    assertRefused(run("render", "-f", aliased.toString()),
        "spec.allow[0].host: a YAML alias (*app) is not supported here: write the value out");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "allow: [{cidr: 140.82.112.0/20, ports: [{number: 443.5}]}]"
          + "|spec.allow[0].ports[0].number: '443.5' is not a whole number",
      "allow: [{cidr: 140.82.112.0/20, ports: [{number: '443'}]}]"
          + "|spec.allow[0].ports[0].number: '443' is not a whole number",
      "allow: [{cidr: 140.82.112.0/20, ports: [{number: 443.0}]}]"
          + "|spec.allow[0].ports[0].number: '443.0' is not a whole number",
      "allow: [{cidr: 10.0.0.0/8, private: 'true', ports: [{number: 443}]}]"
          + "|spec.allow[0].private: 'true' is not true or false",
      "policy: AllowSome|spec.policy: 'AllowSome' is not one of AllowList, AllowInternet,"
          + " DenyAll",
      "allow: {host: pypi.org}|spec.allow: expected a list"})
  void aValueOfTheWrongTypeIsRefusedInTheClustersWords(String spec, String refusal)
      throws IOException {
    assertRefused(run("render", "-f", cr("type.yaml", "{name: a, namespace: b}",
        SELECTOR + spec).toString()), refusal);
  }

  @Test
  void aLabelValueThatIsNotAStringIsRefused() throws IOException {
    Path numeric = cr("labels.yaml", "{name: a, namespace: b}",
        "podSelector: {matchLabels: {version: 1}}\n");
    assertRefused(run("render", "-f", numeric.toString()),
        "spec.podSelector.matchLabels.version: '1' is not a string");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{name: Agents, namespace: b}|metadata.name: 'Agents' cannot name a SandboxEgress",
      "{name: a_b, namespace: b}|metadata.name: 'a_b' cannot name a SandboxEgress",
      "{name: -a, namespace: b}|metadata.name: '-a' cannot name a SandboxEgress",
      "{name: a, namespace: B.c}|metadata.namespace: 'B.c' is not a namespace name",
      "{name: a, namespace: kube-system}|metadata.namespace: namespace kube-system is protected"
          + " (istio-system, kube-system): sandboxes do not run there",
      "{name: a, namespace: istio-system}|metadata.namespace: namespace istio-system is protected"})
  void metadataTheClusterWouldRefuseIsRefused(String metadata, String refusal)
      throws IOException {
    assertRefused(run("render", "-f", cr("meta.yaml", metadata, SELECTOR).toString()), refusal);
  }

  @Test
  void aNameTooLongForTheClusterIsRefusedAndTheLongestItTakesRenders() throws IOException {
    String longest = ("a".repeat(62) + ".").repeat(4).substring(0, 252) + "z";
    Path fits = cr("long.yaml", "{name: " + longest + ", namespace: b}",
        SELECTOR + "allow: [{host: pypi.org}, {cidr: 140.82.112.0/20, ports: [{number: 22}]}]\n");
    Run run = run("render", "-f", fits.toString(), "--data-plane", "sidecar");
    assertThat(run.err()).isEmpty();
    List<String> names = run.out().lines().filter(line -> line.startsWith("  name: "))
        .map(line -> line.substring("  name: ".length()).replace("\"", "")).toList();
    assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name).hasSizeLessThanOrEqualTo(63)
        .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"));
    Path tooLong = cr("longer.yaml", "{name: " + longest + "z, namespace: b}", SELECTOR);
    assertRefused(run("render", "-f", tooLong.toString()), "metadata.name: '");
  }

  @Test
  void twoDocumentsWithTheSameNamespaceAndNameAreRefused() throws IOException {
    String one = "apiVersion: sandboxegress.io/v1alpha1\nkind: SandboxEgress\n"
        + "metadata: {name: a, namespace: b}\nspec: {podSelector: {matchLabels: {app: x}}}\n";
    Path both = file("twice.yaml", one + "---\n" + one.replace("app: x", "app: y"));
    assertRefused(run("render", "-f", both.toString()), "document 2 (SandboxEgress b/a) is"
        + " invalid:\nmetadata.name: document 1 is SandboxEgress b/a too");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--waypoint|Way Point|--waypoint: 'Way Point' cannot name a waypoint",
      "--waypoint|" + "w23456789012345678901234567890123456789012345678901234567890123x"
          + "|cannot name a waypoint",
      "--egress-gateway-namespace|Egress_NS|--egress-gateway-namespace: 'Egress_NS' is not a"
          + " namespace name",
      "--egress-gateway-selector|istio=egress gateway|--egress-gateway-selector: label value"
          + " 'egress gateway' is invalid",
      "--egress-gateway-selector|-istio=x|--egress-gateway-selector: label key '-istio' is invalid",
      "--pod-cidr|10.244.0.0/33|--pod-cidr: '10.244.0.0/33' is not an IPv4 or IPv6 block",
      "--cluster-domain|cluster_local|--cluster-domain: 'cluster_local' is not a DNS domain"})
  void anOptionValueTheClusterWouldRefuseIsRefusedNamingTheOption(String option, String value,
      String refusal) {
    List<String> args = new java.util.ArrayList<>(List.of("render", "-f", example("deny-all.yaml"),
        option, value));
    if (option.equals("--egress-gateway-selector")) {
      args.addAll(List.of("--egress-gateway-namespace", "istio-system"));
    }
    assertRefused(run(args.toArray(String[]::new)), refusal);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "web.team-a.svc.cluster.local|is under cluster.local, a name of the cluster's own Services",
      "localhost.localdomain|is a loopback name",
      "metadata.google.internal|is a cloud instance metadata name",
      "*.cloud.ibm.com|covers api.metadata.cloud.ibm.com"})
  void aHostThatLeadsInsideIsRefusedUnlessPrivate(String host, String refusal) throws IOException {
    Path refused = cr("inside.yaml", "{name: agents, namespace: daytona}",
        SELECTOR + "allow: [{host: '" + host + "'}]\n");
    assertRefused(run("render", "-f", refused.toString()),
        "spec.allow[0].host: " + host + " " + refusal);

    Path onPurpose = cr("on-purpose.yaml", "{name: agents, namespace: daytona}",
        SELECTOR + "allow: [{host: '" + host + "', private: true}]\n");
    Run rendered = run("render", "-f", onPurpose.toString(), "--data-plane", "sidecar");
    assertThat(rendered.err()).isEmpty();
    assertThat(rendered.exitCode()).isZero();
    assertThat(rendered.out()).contains(host);
  }

  @Test
  void namesUnderTheClusterDomainOptionAreRefused() throws IOException {
    Path cr = cr("domain.yaml", "{name: agents, namespace: daytona}",
        SELECTOR + "allow: [{host: web.team-a.svc.k8s.corp.example}]\n");
    assertThat(run("render", "-f", cr.toString()).exitCode()).isZero();
    assertRefused(run("render", "-f", cr.toString(), "--cluster-domain", "k8s.corp.example"),
        "spec.allow[0].host: web.team-a.svc.k8s.corp.example is under k8s.corp.example");
  }

  @Test
  void aHugeInputIsRefusedWellUnderASecond() throws IOException {
    Path big = dir.resolve("big.yaml");
    try (var out = Files.newOutputStream(big)) {
      byte[] line = "# a comment line that makes the file large without meaning anything\n"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (long written = 0; written <= 64L * 1024 * 1024; written += line.length) {
        out.write(line);
      }
    }
    long start = System.nanoTime();
    Run run = run("render", "-f", big.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertRefused(run, "--filename: " + big + ": larger than 1 MiB");
    assertThat(millis).as("refused in %d ms", millis).isLessThan(1000);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "deep|nested deeper than 32 levels",
      "documents|--filename: more than 1000 documents",
      "laughs|a YAML alias (*a) is not supported here",
      "rules|spec.allow[1000]: a list of more than 1000 items"})
  void aSmallInputThatWouldTakeLongIsRefusedWellUnderASecond(String kind, String refusal)
      throws IOException {
    String content = switch (kind) {
      case "deep" -> "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
      case "documents" -> "---\n{a: 1}\n".repeat(80_000);
      case "rules" -> "apiVersion: sandboxegress.io/v1alpha1\nkind: SandboxEgress\n"
          + "metadata: {name: a, namespace: b}\nspec:\n  podSelector: {matchLabels: {app: x}}\n"
          + "  allow:\n" + "  - {host: pypi.org}\n".repeat(40_000);
      default -> "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
          + "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n";
    };
    Path input = file(kind + ".yaml", content);
    long start = System.nanoTime();
    Run run = run("render", "-f", input.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertRefused(run, refusal);
    assertThat(millis).as("refused in %d ms", millis).isLessThan(1000);
  }
}
