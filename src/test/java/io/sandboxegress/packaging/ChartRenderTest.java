package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What {@code helm lint} and {@code helm template} make of the chart, with defaults and options. */
class ChartRenderTest {

  static final Path ROOT = ApiServer.projectRoot();

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = Chart.lint();

    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages())
        .as("only the advice to add an icon, nothing at WARNING or ERROR level")
        .allSatisfy(m -> assertThat(m).doesNotContain("[WARNING]").doesNotContain("[ERROR]"));
  }

  @Test
  void chartsCrdsAreACopyOfTheCrdDirectory() throws IOException {
    Path crds = Chart.DIR.resolve("crds");
    assertThat(fileNames(crds)).isEqualTo(fileNames(ROOT.resolve("crd")));
    for (String file : fileNames(crds)) {
      assertThat(Files.readString(crds.resolve(file)))
          .as("helm/sandbox-egress-operator/crds/%s differs from crd/%s: run scripts/update-crd.sh", file, file)
          .isEqualTo(Files.readString(ROOT.resolve("crd").resolve(file)));
    }
  }

  @Test
  void defaultsRenderTheOperatorAndNothingOptional() {
    Chart.Rendered rendered = Chart.render();

    assertThat(rendered.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRole",
        "ClusterRoleBinding", "ClusterRoleBinding", "Role", "Role", "RoleBinding", "RoleBinding", "Service",
        "Deployment");
    assertThat(rendered.objects()).allSatisfy(o -> assertThat(Maps.map(o, "metadata", "labels"))
        .containsEntry("app.kubernetes.io/name", "sandbox-egress-operator")
        .containsEntry("app.kubernetes.io/instance", Chart.DEFAULT_RELEASE));
  }

  @Test
  void rbacGrantsExactlyTheOperatorsPermissionsAndNoSecretsOrWildcards() {
    Chart.Rendered rendered = Chart.render();
    String name = Chart.DEFAULT_RELEASE;

    assertThat(rules(rendered.get("ClusterRole", name + "-cluster"))).isEqualTo(Permissions.CLUSTER.all());
    assertThat(rules(rendered.get("ClusterRole", name + "-manage"))).isEqualTo(Permissions.MANAGED.all());
    assertThat(rules(rendered.get("Role", name + "-leader-election"))).isEqualTo(Permissions.LEADER_ELECTION.all());
    assertThat(Maps.string(rendered.get("Role", name + "-leader-election"), "metadata", "namespace"))
        .isEqualTo(Chart.DEFAULT_NAMESPACE);
    assertThat(rules(rendered.get("Role", name + "-mesh-config"))).isEqualTo(Permissions.MESH_CONFIG.all());
    assertThat(Maps.string(rendered.get("Role", name + "-mesh-config"), "metadata", "namespace"))
        .isEqualTo("istio-system");
    assertThat(roleRefs(rendered)).containsExactlyInAnyOrder(
        "ClusterRoleBinding " + name + "-cluster -> ClusterRole " + name + "-cluster",
        "ClusterRoleBinding " + name + "-manage -> ClusterRole " + name + "-manage",
        "RoleBinding " + Chart.DEFAULT_NAMESPACE + "/" + name + "-leader-election -> Role " + name + "-leader-election",
        "RoleBinding istio-system/" + name + "-mesh-config -> Role " + name + "-mesh-config");
    assertAllBindingsNameOnlyTheServiceAccount(rendered, Chart.DEFAULT_NAMESPACE, name);
    for (Map<String, Object> role : roles(rendered)) {
      assertThat(Permissions.namesIn(role)).doesNotContain("*", "secrets", "escalate", "bind", "impersonate");
    }
  }

  @Test
  void watchNamespacesBindsTheManagingRoleInThoseNamespacesOnly() {
    Chart.Rendered rendered = Chart.render("egress", "ops", Map.of(
        "watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b", "watchNamespaces[2]", "team-a",
        "istio.egressGatewayNamespaces[0]", "istio-egress",
        "istio.readMeshConfig", false));
    String name = "egress-sandbox-egress-operator";

    assertThat(roleRefs(rendered)).containsExactlyInAnyOrder(
        "ClusterRoleBinding " + name + "-cluster -> ClusterRole " + name + "-cluster",
        "RoleBinding team-a/" + name + "-manage -> ClusterRole " + name + "-manage",
        "RoleBinding team-b/" + name + "-manage -> ClusterRole " + name + "-manage",
        "RoleBinding istio-egress/" + name + "-egress-gateway -> ClusterRole " + name + "-egress-gateway",
        "RoleBinding ops/" + name + "-leader-election -> Role " + name + "-leader-election");
    assertThat(rules(rendered.get("ClusterRole", name + "-egress-gateway"))).isEqualTo(Permissions.EGRESS_GATEWAY.all());
    assertThat(rendered.ofKind("Role")).extracting(r -> Maps.string(r, "metadata", "name"))
        .containsExactly(name + "-leader-election");
    assertAllBindingsNameOnlyTheServiceAccount(rendered, "ops", name);
    assertThat(env(rendered.get("Deployment", name))).containsEntry("WATCH_NAMESPACES", "team-a,team-b");
  }

  @Test
  void policyReportsTurnTheOperatorsFlagOnAndAddOnlyTheirRowToTheManagingRole() {
    Chart.Rendered rendered = Chart.render("sbe", "sbe-system", Map.of("policyReports.enabled", true));
    String name = "sbe-sandbox-egress-operator";

    assertThat(env(rendered.get("Deployment", name))).containsEntry("POLICY_REPORTS", "true");
    assertThat(rules(rendered.get("ClusterRole", name + "-manage")))
        .isEqualTo(Permissions.MANAGED.plus(Permissions.POLICY_REPORTS).all());
    assertThat(rules(rendered.get("ClusterRole", name + "-cluster"))).isEqualTo(Permissions.CLUSTER.all());
    // off (the default) the row is absent: rbacGrantsExactlyTheOperatorsPermissions... checks MANAGED alone
    assertThat(Permissions.MANAGED.all()).doesNotContainAnyElementsOf(Permissions.POLICY_REPORTS.all());
    assertThatThrownBy(() -> Chart.render("sbe", "sbe-system", Map.of("policyReports.enabled", "yes")))
        .hasMessageContaining("values don't meet the specifications of the schema");
  }

  @Test
  void valuesOfTheWrongShapeAreRejectedBeforeAnythingRenders() {
    assertThatThrownBy(() -> Chart.render("sbe", "sbe-system", Map.of("watchNamespaces", "team-a,team-b")))
        .hasMessageContaining("values don't meet the specifications of the schema");
    assertThatThrownBy(() -> Chart.render("sbe", "sbe-system", Map.of("cluster.podCidrs[0]", "10.244.0.0")))
        .hasMessageContaining("values don't meet the specifications of the schema");
  }

  @Test
  void deploymentRunsTwoHardenedReplicasWithLeaderElectionAndProbes() {
    Map<String, Object> deployment = Chart.render().get("Deployment", Chart.DEFAULT_RELEASE);
    Map<String, Object> pod = Maps.map(deployment, "spec", "template", "spec");
    Map<String, Object> container = Maps.map(pod, "containers", 0);

    assertThat(Maps.at(deployment, "spec", "replicas")).isEqualTo(2);
    assertThat(Maps.list(pod, "containers")).hasSize(1);
    assertThat(Maps.string(container, "image")).isEqualTo("sandbox-egress-operator:0.1.0");
    assertThat(Maps.list(container, "args")).containsExactly("run");
    assertThat(Maps.string(pod, "serviceAccountName")).isEqualTo(Chart.DEFAULT_RELEASE);
    assertThat(env(deployment)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("POD_NAME", "fieldRef:metadata.name"),
        Map.entry("POD_NAMESPACE", "fieldRef:metadata.namespace"),
        Map.entry("LEADER_ELECTION_NAMESPACE", Chart.DEFAULT_NAMESPACE),
        Map.entry("PROBE_IMAGE", "sandbox-egress-operator:0.1.0"),
        Map.entry("WATCH_NAMESPACES", ""),
        Map.entry("PROTECTED_NAMESPACES", ""),
        Map.entry("POD_CIDRS", ""),
        Map.entry("SERVICE_CIDRS", ""),
        Map.entry("CLUSTER_DOMAIN", "cluster.local"),
        Map.entry("POLICY_REPORTS", "false"),
        Map.entry("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=60 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m -Xss512k -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+ExitOnOutOfMemoryError"),
        Map.entry("LOG_FORMAT", "text")));
    assertThat(Maps.list(container, "ports")).containsExactly(
        Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"));
    assertThat(Maps.string(container, "livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
    assertThat(Maps.string(container, "startupProbe", "httpGet", "path")).isEqualTo("/healthz");
    assertThat(Maps.string(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
    for (String probe : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
      assertThat(Maps.string(container, probe, "httpGet", "port")).isEqualTo("http");
    }
    assertThat(Maps.map(container, "resources", "requests")).containsKeys("cpu", "memory");
    assertThat(Maps.map(container, "resources", "limits")).containsKey("memory");

    assertThat(Maps.at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
    assertThat((Integer) Maps.at(pod, "securityContext", "runAsUser")).isPositive();
    assertThat(Maps.string(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
    assertThat(Maps.at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(Maps.at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
    assertThat(Maps.list(container, "securityContext", "capabilities", "drop")).containsExactly("ALL");
    assertThat(Maps.list(container, "volumeMounts")).containsExactly(Map.of("name", "tmp", "mountPath", "/tmp"));
  }

  @Test
  void valuesReachTheOperatorsEnvironment() {
    Map<String, Object> deployment = Chart.render("sbe", "sbe-system", Map.of(
        "protectedNamespaces[0]", "payments", "protectedNamespaces[1]", "vault",
        "cluster.podCidrs[0]", "10.244.0.0/16", "cluster.podCidrs[1]", "fd00:10:244::/56",
        "cluster.serviceCidrs[0]", "10.96.0.0/12", "cluster.domain", "k8s.corp.example",
        "image.repository", "registry.example.com/sbe",
        "image.digest", "sha256:" + "a".repeat(64), "logFormat", "json")).get("Deployment", "sbe-sandbox-egress-operator");

    assertThat(env(deployment))
        .containsEntry("LOG_FORMAT", "json")
        .containsEntry("PROTECTED_NAMESPACES", "payments,vault")
        .containsEntry("POD_CIDRS", "10.244.0.0/16,fd00:10:244::/56")
        .containsEntry("SERVICE_CIDRS", "10.96.0.0/12")
        .containsEntry("CLUSTER_DOMAIN", "k8s.corp.example")
        .containsEntry("LEADER_ELECTION_NAMESPACE", "sbe-system");
    assertThat(Maps.string(deployment, "spec", "template", "spec", "containers", 0, "image"))
        .isEqualTo("registry.example.com/sbe@sha256:" + "a".repeat(64));
  }

  @Test
  void serviceMonitorScrapesTheMetricsServiceWhenEnabled() {
    Chart.Rendered rendered = Chart.render("sbe", "sbe-system", Map.of(
        "metrics.serviceMonitor.enabled", true, "metrics.serviceMonitor.labels.release", "prometheus"));
    Map<String, Object> monitor = rendered.get("ServiceMonitor", "sbe-sandbox-egress-operator");
    Map<String, Object> service = rendered.get("Service", "sbe-sandbox-egress-operator-metrics");

    assertThat(Maps.string(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
    assertThat(Maps.map(monitor, "metadata", "labels")).containsEntry("release", "prometheus");
    assertThat(Maps.map(service, "metadata", "labels"))
        .containsAllEntriesOf(Maps.map(monitor, "spec", "selector", "matchLabels"));
    assertThat(Maps.map(monitor, "spec", "endpoints", 0)).containsEntry("port", "http").containsEntry("path", "/metrics")
        .as("the SandboxEgress's namespace label stays namespace, not exported_namespace").containsEntry("honorLabels", true);
    assertThat(Maps.map(service, "spec", "ports", 0)).containsEntry("port", 8080).containsEntry("targetPort", "http");
    assertThat(Maps.map(service, "spec", "selector")).isEqualTo(
        Maps.map(rendered.get("Deployment", "sbe-sandbox-egress-operator"), "spec", "selector", "matchLabels"));

    assertThatThrownBy(() -> Chart.render("sbe", "sbe-system", Map.of(
        "metrics.serviceMonitor.enabled", true, "metrics.service.enabled", false)))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }

  @Test
  void daytonaDefaultIsTheDaytonaExample() throws IOException {
    Map<String, Object> example = Chart.documents(
        Files.readString(ROOT.resolve("examples/daytona-sandbox-egress.yaml"))).get(0);

    Map<String, Object> rendered = Chart.render("sbe", "sbe-system", Map.of("daytona.sandboxEgress.enabled", true))
        .get("SandboxEgress", "agents");

    assertThat(Maps.string(rendered, "apiVersion")).isEqualTo(example.get("apiVersion"));
    assertThat(Maps.string(rendered, "metadata", "namespace")).isEqualTo("daytona");
    assertThat(Maps.map(rendered, "spec")).isEqualTo(Maps.map(example, "spec"));
  }

  @Test
  void daytonaValuesChooseNamespaceSelectorAndAllowList() {
    Map<String, Object> rendered = Chart.render("sbe", "sbe-system", Map.of(
        "daytona.sandboxEgress.enabled", true,
        "daytona.sandboxEgress.namespace", "daytona-prod",
        "daytona.sandboxEgress.podSelector.matchLabels.app", "workspace",
        "daytona.sandboxEgress.allow[0].host", "registry.npmjs.org",
        "daytona.sandboxEgress.enforcement", "DryRun")).get("SandboxEgress", "agents");

    assertThat(Maps.string(rendered, "metadata", "namespace")).isEqualTo("daytona-prod");
    assertThat(Maps.map(rendered, "spec", "podSelector")).isEqualTo(Map.of("matchLabels", Map.of("app", "workspace")));
    assertThat(Maps.list(rendered, "spec", "allow")).containsExactly(Map.of("host", "registry.npmjs.org"));
    assertThat(Maps.string(rendered, "spec", "enforcement")).isEqualTo("DryRun");
  }

  @Test
  void readmeDocumentsEveryValueAndNoOther() throws IOException {
    Map<String, Object> values = Chart.documents(Files.readString(Chart.DIR.resolve("values.yaml"))).get(0);
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z0-9.]+)` \\|").matcher(Files.readString(Chart.DIR.resolve("README.md")));
    while (row.find()) {
      documented.add(row.group(1));
    }

    List<String> leaves = leaves("", values);
    assertThat(leaves).allSatisfy(key -> assertThat(documented)
        .as("README.md documents %s (or the map holding it)", key)
        .anyMatch(doc -> key.equals(doc) || key.startsWith(doc + ".")));
    assertThat(documented).allSatisfy(doc -> assertThat(leaves)
        .as("values.yaml has %s", doc)
        .anyMatch(key -> key.equals(doc) || key.startsWith(doc + ".")));
  }

  static Set<Permissions.Permission> rules(Map<String, Object> role) {
    return Permissions.of(Maps.list(role, "rules")).all();
  }

  static List<Map<String, Object>> roles(Chart.Rendered rendered) {
    return Stream.concat(rendered.ofKind("ClusterRole").stream(), rendered.ofKind("Role").stream()).toList();
  }

  private static List<String> roleRefs(Chart.Rendered rendered) {
    return Stream.concat(rendered.ofKind("ClusterRoleBinding").stream(), rendered.ofKind("RoleBinding").stream())
        .map(b -> b.get("kind") + " "
            + (Maps.string(b, "metadata", "namespace") == null ? "" : Maps.string(b, "metadata", "namespace") + "/")
            + Maps.string(b, "metadata", "name") + " -> " + Maps.string(b, "roleRef", "kind") + " "
            + Maps.string(b, "roleRef", "name"))
        .toList();
  }

  private static void assertAllBindingsNameOnlyTheServiceAccount(Chart.Rendered rendered, String namespace,
      String serviceAccount) {
    Map<String, Object> subject = Map.of("kind", "ServiceAccount", "name", serviceAccount, "namespace", namespace);
    assertThat(Stream.concat(rendered.ofKind("ClusterRoleBinding").stream(), rendered.ofKind("RoleBinding").stream()))
        .allSatisfy(b -> assertThat(Maps.list(b, "subjects")).containsExactly(subject));
    assertThat(rendered.get("ServiceAccount", serviceAccount)).isNotNull();
  }

  /** The container's environment: a plain value, or "fieldRef:PATH" for the downward API. */
  static Map<String, String> env(Map<String, Object> deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Object var : Maps.list(deployment, "spec", "template", "spec", "containers", 0, "env")) {
      String path = Maps.string(var, "valueFrom", "fieldRef", "fieldPath");
      env.put(Maps.string(var, "name"), path != null ? "fieldRef:" + path : Maps.string(var, "value"));
    }
    return env;
  }

  private static List<String> leaves(String prefix, Map<String, Object> values) {
    List<String> keys = new ArrayList<>();
    values.forEach((key, value) -> {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      if (value instanceof Map<?, ?> map && !map.isEmpty()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) map;
        keys.addAll(leaves(path, nested));
      } else {
        keys.add(path);
      }
    });
    return keys;
  }

  private static Set<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
