package io.sandboxegress.plan;

import static io.sandboxegress.plan.PlanFixtures.plan;
import static io.sandboxegress.plan.PlanFixtures.withSelector;
import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule the planner enforces: the field path and a message that says the fix. */
class EgressPlannerErrorsTest {

  private static FieldError onlyError(PlanResult result) {
    assertThat(result.isValid()).as("plan is invalid").isFalse();
    assertThat(result.plan()).isEmpty();
    assertThat(result.errors()).hasSize(1);
    return result.errors().get(0);
  }

  private static FieldError onlyError(String spec) {
    return onlyError(plan(spec));
  }

  @Test
  void missingSpec() {
    SandboxEgress cr = new SandboxEgress();
    FieldError error = onlyError(new EgressPlanner().plan(cr, PlanFixtures.NETWORKS));
    assertThat(error.field()).isEqualTo("spec");
    assertThat(error.message()).contains("spec.podSelector");
  }

  @Test
  void missingNameAndNamespace() {
    SandboxEgress cr = PlanFixtures.cr(withSelector(""));
    cr.getMetadata().setName(null);
    cr.getMetadata().setNamespace(null);
    PlanResult result = new EgressPlanner().plan(cr, PlanFixtures.NETWORKS);
    assertThat(result.errors()).extracting(FieldError::field)
        .containsExactly("metadata.name", "metadata.namespace");
    assertThat(result.errors()).extracting(FieldError::message).containsExactly(
        "set metadata.name: it names the rendered objects",
        "set metadata.namespace: the rendered objects live in the SandboxEgress's namespace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"podSelector: {}", "podSelector: {matchLabels: {}}",
      "podSelector: {matchExpressions: []}", "policy: DenyAll"})
  void emptyPodSelector(String spec) {
    FieldError error = onlyError(spec);
    assertThat(error.field()).isEqualTo("spec.podSelector");
    assertThat(error.message()).contains("must not be empty").contains("matchLabels");
  }

  @Test
  void invalidLabelKey() {
    FieldError error = onlyError("podSelector: {matchLabels: {'bad key!': x}}");
    assertThat(error.field()).isEqualTo("spec.podSelector.matchLabels[bad key!]");
    assertThat(error.message()).contains("label key 'bad key!' is invalid");
  }

  @Test
  void aSelectorOnTheOperatorsOwnLabelsIsRefused() {
    FieldError error = onlyError("podSelector: {matchLabels: {app.kubernetes.io/managed-by: Helm}}");
    assertThat(error.field()).isEqualTo("spec.podSelector.matchLabels[app.kubernetes.io/managed-by]");
    assertThat(error.message()).contains("is the operator's own");
    assertThat(onlyError("podSelector: {matchLabels: {app: x, sandboxegress.io/probe: 'true'}}").field())
        .isEqualTo("spec.podSelector.matchLabels[sandboxegress.io/probe]");
  }

  @Test
  void invalidLabelValue() {
    FieldError error = onlyError("podSelector: {matchLabels: {app: 'sand box*'}}");
    assertThat(error.field()).isEqualTo("spec.podSelector.matchLabels[app]");
    assertThat(error.message()).contains("label value 'sand box*' is invalid");
  }

  @Test
  void matchExpressionsNeedIstioModeOff() {
    FieldError error = onlyError("""
        podSelector:
          matchExpressions: [{key: app, operator: In, values: [sandbox]}]
        """);
    assertThat(error.field()).isEqualTo("spec.podSelector.matchExpressions");
    assertThat(error.message()).contains("use matchLabels").contains("spec.istio.mode: Off");
  }

  @Test
  void matchExpressionsAreFineWithIstioOff() {
    assertThat(plan("""
        podSelector:
          matchExpressions: [{key: app, operator: In, values: [sandbox]}]
        istio: {mode: Off}
        """).isValid()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{key: app, operator: Equals, values: [x]}|spec.podSelector.matchExpressions[0].operator|must be one of In, NotIn, Exists, DoesNotExist",
      "{key: app, operator: In}|spec.podSelector.matchExpressions[0].values|needs at least one value",
      "{key: app, operator: Exists, values: [x]}|spec.podSelector.matchExpressions[0].values|takes no values"})
  void malformedMatchExpression(String expression, String field, String message) {
    FieldError error = onlyError("podSelector: {matchExpressions: [" + expression
        + "]}\nistio: {mode: Off}");
    assertThat(error.field()).isEqualTo(field);
    assertThat(error.message()).contains(message);
  }

  @Test
  void denyAllWithAllowRules() {
    FieldError error = onlyError(withSelector("policy: DenyAll\nallow: [{host: pypi.org}]"));
    assertThat(error.field()).isEqualTo("spec.allow");
    assertThat(error.message()).contains("remove spec.allow, or use policy AllowList");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{host: pypi.org, cidr: 1.2.3.0/24, ports: [{number: 22}]}",
      "{ports: [{number: 22}]}"})
  void ruleNamesExactlyOneOfHostOrCidr(String rule) {
    FieldError error = onlyError(withSelector("allow: [{host: a.org}, " + rule + "]"));
    assertThat(error.field()).isEqualTo("spec.allow[1]");
    assertThat(error.message()).isEqualTo("each allow rule names exactly one of host or cidr");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "kubernetes.default.svc|is under svc, a name of the cluster's own Services",
      "web.team-a.svc.cluster.local|is under cluster.local, a name of the cluster's own Services",
      "svc.cluster.local|is under cluster.local",
      "*.svc.cluster.local|is under cluster.local",
      "*.cluster.local|is under cluster.local",
      "kubernetes.default|is a name of the cluster's own Services and Pods (the Kubernetes API",
      "db.localhost|is under localhost, a loopback name: it reaches the pod or node itself",
      "*.localhost.example|covers nothing",
      "localhost.localdomain|is a loopback name",
      "metadata.google.internal|is a cloud instance metadata name: it hands out the node's",
      "metadata.goog|is a cloud instance metadata name",
      "instance-data.ec2.internal|is a cloud instance metadata name",
      "instance-data.us-west-2.compute.internal|is under internal, a private-use domain",
      "*.google.internal|covers metadata.google.internal, a cloud instance metadata name",
      "*.c.my-project.internal|is under internal",
      "metadata.tencentyun.com|(Tencent Cloud's metadata service)",
      "*.tencentyun.com|covers metadata.tencentyun.com, a cloud instance metadata name",
      "*.cloud.ibm.com|covers api.metadata.cloud.ibm.com",
      "metadata.platformequinix.com|is a cloud instance metadata name",
      "printer.local|is under local, a private-use domain",
      "nas.home.arpa|is under home.arpa"})
  void aHostThatLeadsInsideNeedsPrivateTrue(String host, String message) {
    PlanResult result = plan(withSelector("allow: [{host: '" + host + "'}]"));
    if (message.equals("covers nothing")) {
      assertThat(result.isValid()).as(host + " leads nowhere inside").isTrue();
      return;
    }
    FieldError error = onlyError(result);
    assertThat(error.field()).isEqualTo("spec.allow[0].host");
    assertThat(error.message()).startsWith(host + " ").contains(message)
        .endsWith("add private: true if this is on purpose");

    PlanResult saidOnPurpose = plan(withSelector("allow: [{host: '" + host + "', private: true}]"));
    assertThat(saidOnPurpose.errors()).isEmpty();
    assertThat(saidOnPurpose.orElseThrow().hosts()).extracting(HostRule::host).containsExactly(host);
  }

  @Test
  void everyInsideNameIsRefusedWithoutPrivateTrue() {
    for (InsideNames.Entry entry : InsideNames.ALL) {
      List<String> hosts = entry.subdomains()
          ? List.of("a." + entry.name(), "*.a." + entry.name()) : List.of(entry.name());
      for (String host : hosts) {
        if (HostNames.problem(host).isEmpty()) {
          assertThat(onlyError(withSelector("allow: [{host: '" + host + "'}]")).message())
              .as(host).contains(entry.kind().description());
        }
      }
    }
  }

  @Test
  void aWildcardCoveringAMetadataNameSaysToListTheExactHosts() {
    FieldError error = onlyError(withSelector("allow: [{host: '*.cloud.ibm.com'}]"));
    assertThat(error.message()).contains("list the exact hosts you need");
    assertThat(plan(withSelector("allow: [{host: iam.cloud.ibm.com}]")).isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s.corp.example", "k8s.corp.example.", "K8s.Corp.example"})
  void namesUnderTheConfiguredClusterDomainNeedPrivateTrue(String domain) {
    ClusterNetworks networks = PlanFixtures.NETWORKS.withClusterDomain(domain);
    FieldError error = onlyError(plan(
        withSelector("allow: [{host: web.team-a.svc.k8s.corp.example}]"), networks));
    assertThat(error.field()).isEqualTo("spec.allow[0].host");
    assertThat(error.message()).isEqualTo("web.team-a.svc.k8s.corp.example is under"
        + " k8s.corp.example, a name of the cluster's own Services and Pods (the cluster's domain"
        + " (--cluster-domain k8s.corp.example)): add private: true if this is on purpose");
    assertThat(onlyError(plan(withSelector("allow: [{host: '*.corp.example'}]"), networks))
        .message()).startsWith("*.corp.example covers k8s.corp.example");
    assertThat(plan(withSelector("allow: [{host: www.corp.example}]"), networks).isValid()).isTrue();
  }

  @Test
  void aClusterDomainThatIsNotADomainIsAConfigurationError() {
    FieldError error = onlyError(plan(withSelector(""),
        PlanFixtures.NETWORKS.withClusterDomain("cluster local")));
    assertThat(error.field()).isEqualTo("clusterNetworks.clusterDomain");
    assertThat(error.message()).contains("'cluster local' is not a DNS domain");
  }

  @Test
  void aPrivateHostCannotGoThroughAnEgressGateway() {
    FieldError error = onlyError(withSelector("""
        allow:
          - host: pypi.org
          - host: git.corp.internal
            private: true
            ports: [{number: 443, protocol: TLS}]
        """ + GATEWAY));
    assertThat(error.field()).isEqualTo("spec.allow[1].private");
    assertThat(error.message()).contains("git.corp.internal is private and cannot go through an"
        + " egress gateway").contains("remove spec.istio.egressGateway");
  }

  @Test
  void bareStarHost() {
    FieldError error = onlyError(withSelector("allow: [{host: '*'}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].host");
    assertThat(error.message()).contains("use policy AllowInternet");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PyPI.org", "pypi.org.", "*.*.example.com", "*example.com", "localhost",
      "140.82.112.3", "a..b", "-a.org", "a.org/path", "*", "**.a.org", "a.*.org", "pypi.org:443",
      "xn--.org", "a.1org"})
  void hostOutsideTheGrammar(String host) {
    FieldError error = onlyError(withSelector("allow: [{host: '" + host + "'}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].host");
    assertThat(error.message()).satisfiesAnyOf(
        m -> assertThat(m).contains("lower-case DNS name like pypi.org"),
        m -> assertThat(m).contains("policy AllowInternet"));
  }

  @Test
  void hostTooLong() {
    String host = IntStream.range(0, 5).mapToObj(i -> "a".repeat(60)).collect(Collectors.joining("."))
        + ".org";
    FieldError error = onlyError(withSelector("allow: [{host: " + host + "}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].host");
    assertThat(error.message()).contains("at most 253 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{number: 22, protocol: TCP}", "{number: 22}"})
  void wildcardHostOnATcpPort(String port) {
    FieldError error = onlyError(withSelector(
        "allow: [{host: '*.example.com', ports: [{number: 443, protocol: TLS}, " + port + "]}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].ports[1].protocol");
    assertThat(error.message()).contains("TCP carries no host name")
        .contains("use protocol TLS or HTTP, or a cidr rule");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "-1"})
  void portOutOfRange(String number) {
    FieldError error = onlyError(withSelector(
        "allow: [{host: pypi.org, ports: [{number: 443, protocol: TLS}, {number: " + number + "}]}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].ports[1].number");
    assertThat(error.message()).isEqualTo("port number must be between 1 and 65535");
  }

  @Test
  void portWithTwoProtocolsInOneRule() {
    FieldError error = onlyError(withSelector("allow: [{host: pypi.org, ports: "
        + "[{number: 443, protocol: TLS}, {number: 443, protocol: HTTP}]}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].ports[1]");
    assertThat(error.message()).contains("port 443 is listed as TLS and HTTP")
        .contains("give each port one protocol");
  }

  @Test
  void portWithTwoProtocolsAcrossDuplicateHosts() {
    FieldError error = onlyError(withSelector("""
        allow:
          - host: pypi.org
          - host: files.pythonhosted.org
          - host: pypi.org
            ports: [{number: 80, protocol: TCP}]
        """));
    assertThat(error.field()).isEqualTo("spec.allow[2].ports");
    assertThat(error.message())
        .isEqualTo("port 80 of pypi.org is TCP here and HTTP in spec.allow[0]: give each port one"
            + " protocol");
  }

  @Test
  void tooManyPorts() {
    String ports = IntStream.rangeClosed(1, 17).mapToObj(n -> "{number: " + n + "}")
        .collect(Collectors.joining(", "));
    FieldError error = onlyError(withSelector(
        "allow: [{cidr: 140.82.112.0/20, ports: [" + ports + "]}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].ports");
    assertThat(error.message()).contains("at most 16 ports");
  }

  @Test
  void tooManyRules() {
    String rules = IntStream.range(0, 101).mapToObj(n -> "{host: h" + n + ".example.com}")
        .collect(Collectors.joining(", "));
    FieldError error = onlyError(withSelector("allow: [" + rules + "]"));
    assertThat(error.field()).isEqualTo("spec.allow");
    assertThat(error.message()).contains("at most 100 allow rules");
  }

  @ParameterizedTest
  @ValueSource(strings = {"140.82.112.0", "140.82.112.0/33", "300.1.1.0/24", "github", "::g/64"})
  void cidrThatDoesNotParse(String cidr) {
    FieldError error = onlyError(withSelector(
        "allow: [{cidr: '" + cidr + "', ports: [{number: 22}]}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].cidr");
    assertThat(error.message()).contains("IPv4 or IPv6 block such as 140.82.112.0/20");
  }

  @ParameterizedTest
  @CsvSource({"140.82.112.3/20, 140.82.112.0/20", "2606:50C0::/32, 2606:50c0::/32",
      "2606:50c0:0:0::/32, 2606:50c0::/32"})
  void cidrNotInCanonicalForm(String cidr, String canonical) {
    FieldError error = onlyError(withSelector(
        "allow: [{cidr: '" + cidr + "', ports: [{number: 22}]}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].cidr");
    assertThat(error.message()).contains("canonical form").endsWith("write " + canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ports: []"})
  void cidrWithoutPorts(String ports) {
    FieldError error = onlyError(withSelector(
        "allow:\n  - cidr: 140.82.112.0/20\n    " + ports));
    assertThat(error.field()).isEqualTo("spec.allow[0].ports");
    assertThat(error.message()).contains("a cidr rule needs ports");
  }

  @ParameterizedTest(name = "{0} is inside {1}")
  @CsvSource(delimiter = '|', value = {
      "10.40.0.0/16|10.0.0.0/8, private (RFC 1918)",
      "172.20.0.0/16|172.16.0.0/12, private (RFC 1918)",
      "192.168.1.0/24|192.168.0.0/16, private (RFC 1918)",
      "169.254.169.254/32|169.254.0.0/16, link-local (cloud metadata)",
      "100.64.1.0/24|100.64.0.0/10, carrier-grade NAT (RFC 6598)",
      "127.0.0.1/32|127.0.0.0/8, loopback",
      "10.0.0.0/8|10.0.0.0/8, private (RFC 1918)",
      "fd00:10::/32|fc00::/7, unique-local IPv6",
      "fe80::/64|fe80::/10, link-local IPv6",
      "::1/128|::1/128, IPv6 loopback",
      "0.0.0.0/32|0.0.0.0/8, \"this network\" (RFC 791; 0.0.0.0 reaches the node itself)",
      "::/128|::/128, IPv6 unspecified (reaches the node itself)",
      "168.63.129.16/32|168.63.129.16/32, cloud metadata (Azure WireServer)",
      "64:ff9b:1::/64|64:ff9b:1::/48, local-use NAT64 (RFC 8215)",
      "64:ff9b::a9fe:a9fe/128|64:ff9b::a9fe:0/112, link-local (cloud metadata) through NAT64"
          + " (64:ff9b::/96)",
      "64:ff9b::a00:0/104|64:ff9b::a00:0/104, private (RFC 1918) through NAT64 (64:ff9b::/96)",
      "64:ff9b::af4:0/120|64:ff9b::a00:0/104, private (RFC 1918) through NAT64 (64:ff9b::/96)"})
  void privateRangeWithoutPrivateTrue(String cidr, String inside) {
    FieldError error = onlyError(withSelector(
        "allow: [{cidr: '" + cidr + "', ports: [{number: 443}]}]"));
    assertThat(error.field()).isEqualTo("spec.allow[0].cidr");
    assertThat(error.message()).isEqualTo(cidr + " is inside " + inside
        + ", which stays blocked: add private: true if this is on purpose");
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
      "::ffff:a9fe:a9fe/128|169.254.169.254/32",
      "::ffff:0:0/96|0.0.0.0/0",
      "::ffff:808:800/120|8.8.8.0/24"})
  void ipv4MappedBlockIsRefusedEvenWithPrivateTrue(String cidr, String ipv4) {
    for (String privateRange : List.of("false", "true")) {
      FieldError error = onlyError(withSelector("allow: [{cidr: '" + cidr + "', private: "
          + privateRange + ", ports: [{number: 443}]}]"));
      assertThat(error.field()).isEqualTo("spec.allow[0].cidr");
      assertThat(error.message()).isEqualTo(cidr + " is an IPv4 block written as IPv6"
          + " (IPv4-mapped, ::ffff:0:0/96), which the cluster treats as IPv4: write " + ipv4);
    }
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource(delimiter = '|', value = {
      "daytona|Agents|metadata.name",
      "daytona|agents_1|metadata.name",
      "daytona|agents.|metadata.name",
      "Daytona|agents|metadata.namespace",
      "day.tona|agents|metadata.namespace"})
  void aNameOrNamespaceTheClusterRefusesIsRefused(String namespace, String name, String field) {
    SandboxEgress cr = PlanFixtures.cr(withSelector(""));
    cr.getMetadata().setNamespace(namespace);
    cr.getMetadata().setName(name);
    FieldError error = onlyError(new EgressPlanner().plan(cr, PlanFixtures.NETWORKS));
    assertThat(error.field()).isEqualTo(field);
    assertThat(error.message()).contains("lower-case letters, digits");
  }

  @Test
  void theLongestNameTheClusterTakesIsPlanned() {
    SandboxEgress cr = PlanFixtures.cr(withSelector(""));
    cr.getMetadata().setName("a".repeat(253));
    assertThat(new EgressPlanner().plan(cr, PlanFixtures.NETWORKS).isValid()).isTrue();
    cr.getMetadata().setName("a".repeat(254));
    assertThat(onlyError(new EgressPlanner().plan(cr, PlanFixtures.NETWORKS)).field())
        .isEqualTo("metadata.name");
  }

  @Test
  void clusterRangeWithoutPrivateTrue() {
    ClusterNetworks networks = ClusterNetworks.defaults(List.of("198.18.0.0/16"),
        List.of("198.19.0.0/16"));
    FieldError pods = onlyError(plan(withSelector(
        "allow: [{cidr: 198.18.4.0/24, ports: [{number: 443}]}]"), networks));
    assertThat(pods.field()).isEqualTo("spec.allow[0].cidr");
    assertThat(pods.message()).isEqualTo("198.18.4.0/24 is inside 198.18.0.0/16, the cluster's pod"
        + " range, which stays blocked: add private: true if this is on purpose");
    FieldError services = onlyError(plan(withSelector(
        "allow: [{cidr: 198.19.0.10/32, ports: [{number: 443}]}]"), networks));
    assertThat(services.message()).contains("the cluster's service range");
    FieldError podsThroughNat64 = onlyError(plan(withSelector(
        "allow: [{cidr: '64:ff9b::c612:400/120', ports: [{number: 443}]}]"), networks));
    assertThat(podsThroughNat64.message()).isEqualTo("64:ff9b::c612:400/120 is inside"
        + " 64:ff9b::c612:0/112, the cluster's pod range through NAT64 (64:ff9b::/96), which stays"
        + " blocked: add private: true if this is on purpose");
  }

  private static final String GATEWAY = """
      istio:
        egressGateway: {namespace: istio-system, selector: {istio: egressgateway}}
      """;

  @ParameterizedTest
  @ValueSource(strings = {"Istio-System", "istio_system", "''", "-egress", "a.b"})
  void egressGatewayNamespaceMustBeANamespaceName(String namespace) {
    FieldError error = onlyError(withSelector("istio: {egressGateway: {namespace: " + namespace
        + ", selector: {istio: egressgateway}}}"));
    assertThat(error.field()).isEqualTo("spec.istio.egressGateway.namespace");
    assertThat(error.message()).contains("namespace name");
  }

  @Test
  void egressGatewaySelectorMustNameLabels() {
    FieldError empty = onlyError(withSelector(
        "istio: {egressGateway: {namespace: istio-system, selector: {}}}"));
    assertThat(empty.field()).isEqualTo("spec.istio.egressGateway.selector");
    assertThat(empty.message()).contains("must name the gateway pods' labels");
    FieldError badKey = onlyError(withSelector(
        "istio: {egressGateway: {namespace: istio-system, selector: {'bad key': x}}}"));
    assertThat(badKey.field()).isEqualTo("spec.istio.egressGateway.selector[bad key]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Off|or set istio.mode to Auto or Sidecar",
      "Ambient|in ambient mode the waypoint is the egress gateway"})
  void egressGatewayNeedsSidecars(String mode, String message) {
    FieldError error = onlyError(withSelector("""
        istio:
          mode: %s
          egressGateway: {namespace: istio-system, selector: {istio: egressgateway}}
        """.formatted(mode)));
    assertThat(error.field()).isEqualTo("spec.istio.egressGateway");
    assertThat(error.message()).contains(message);
  }

  @Test
  void wildcardHostCannotGoThroughAnEgressGateway() {
    FieldError error = onlyError(withSelector("""
        allow:
          - host: pypi.org
          - host: '*.githubusercontent.com'
            ports: [{number: 443, protocol: TLS}]
        """ + GATEWAY));
    assertThat(error.field()).isEqualTo("spec.allow[1].host");
    assertThat(error.message()).contains("resolves each host by DNS").contains("exact hosts");
  }

  @Test
  void tcpPortCannotGoThroughAnEgressGateway() {
    FieldError error = onlyError(withSelector("""
        allow:
          - host: github.com
            ports: [{number: 443, protocol: TLS}, {number: 22, protocol: TCP}]
        """ + GATEWAY));
    assertThat(error.field()).isEqualTo("spec.allow[0].ports");
    assertThat(error.message()).contains("TCP carries no host name").contains("cidr rule");
  }

  @Test
  void atMostOneTlsAndOneHttpPortPerHostThroughAnEgressGateway() {
    FieldError error = onlyError(withSelector("""
        allow:
          - host: pypi.org
          - host: pypi.org
            ports: [{number: 8443, protocol: TLS}]
        """ + GATEWAY));
    assertThat(error.field()).isEqualTo("spec.allow[0].ports");
    assertThat(error.message()).contains("at most one TLS port and one HTTP port");
  }

  @Test
  void hostRulesOfOtherPoliciesDoNotGoThroughTheGateway() {
    assertThat(plan(withSelector("""
        policy: AllowInternet
        allow: [{cidr: 10.40.0.0/16, private: true, ports: [{number: 443}]}]
        """ + GATEWAY)).isValid()).isTrue();
  }

  @Test
  void matchExpressionsAreStillRefusedWithAnEgressGateway() {
    PlanResult result = plan("""
        podSelector: {matchExpressions: [{key: app, operator: Exists}]}
        """ + GATEWAY);
    assertThat(result.errors()).extracting(FieldError::field)
        .containsExactly("spec.podSelector.matchExpressions");
  }

  @Test
  void ambientIsPlanned() {
    assertThat(plan(withSelector("istio: {mode: Ambient}")).isValid()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ftp://example.com/|must be absolute, with scheme http, https or tcp",
      "pypi.org/simple|must be absolute, with scheme http, https or tcp",
      "tcp://140.82.112.3|a tcp:// probe url needs a port",
      "'https://exa mple.com/'|not a valid URL"})
  void probeUrl(String url, String message) {
    FieldError error = onlyError(withSelector(
        "probes: {targets: [{url: 'https://pypi.org/simple/'}, {url: " + url + "}]}"));
    assertThat(error.field()).isEqualTo("spec.probes.targets[1].url");
    assertThat(error.message()).contains(message);
  }

  @Test
  void tooManyProbeTargets() {
    String targets = IntStream.range(0, 17).mapToObj(n -> "{url: 'https://h" + n + ".org/'}")
        .collect(Collectors.joining(", "));
    FieldError error = onlyError(withSelector("probes: {targets: [" + targets + "]}"));
    assertThat(error.field()).isEqualTo("spec.probes.targets");
    assertThat(error.message()).contains("at most 16 probe targets");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "probes: {intervalSeconds: 10}|spec.probes.intervalSeconds|between 30 and 86400",
      "probes: {timeoutSeconds: 61}|spec.probes.timeoutSeconds|between 1 and 60",
      "rollout: {historyLimit: 0}|spec.rollout.historyLimit|between 1 and 100"})
  void boundsOfProbesAndRollout(String spec, String field, String message) {
    FieldError error = onlyError(withSelector(spec));
    assertThat(error.field()).isEqualTo(field);
    assertThat(error.message()).contains(message);
  }

  @Test
  void badClusterRangeInConfiguration() {
    FieldError error = onlyError(plan(withSelector(""),
        ClusterNetworks.defaults(List.of("10.244.0.0/16", "pods"), List.of())));
    assertThat(error.field()).isEqualTo("clusterNetworks.podCidrs[1]");
    assertThat(error.message()).contains("'pods' is not an IPv4 or IPv6 block");
  }

  @Test
  void reportsEveryErrorAtOnceInFieldOrder() {
    PlanResult result = plan("""
        podSelector: {}
        allow:
          - host: '*'
          - cidr: 10.1.0.0/16
            ports: [{number: 22}]
        istio:
          egressGateway: {namespace: Istio-System, selector: {istio: egressgateway}}
        """);
    assertThat(result.errors()).extracting(FieldError::field).containsExactly(
        "spec.podSelector", "spec.allow[0].host", "spec.allow[1].cidr",
        "spec.istio.egressGateway.namespace");
    assertThat(result.errors().get(0).toString()).startsWith("spec.podSelector: ");
  }
}
