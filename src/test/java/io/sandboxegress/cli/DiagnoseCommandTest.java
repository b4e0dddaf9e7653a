package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.Condition;
import io.sandboxegress.api.ResourceRef;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.compile.Compilation;
import io.sandboxegress.compile.CompileFacts;
import io.sandboxegress.compile.EgressCompiler;
import io.sandboxegress.diagnose.ClusterObjects;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.FieldError;
import io.sandboxegress.plan.ProtectedNamespace;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose} against the real API server, as a platform engineer runs it. */
@WithApiServer
class DiagnoseCommandTest {

  private static final Map<String, String> IN_MESH = Map.of("istio-injection", "enabled");
  private static final Map<String, String> SANDBOX = Map.of("app", "daytona-sandbox");
  /** The operator's ranges in these tests ({@link ClusterObjects#NETWORKS}), as diagnose is told them. */
  private static final String[] NETWORK_OPTIONS = {"--pod-cidr", "10.244.0.0/16", "--service-cidr", "10.96.0.0/12"};

  private final ApiServer server;
  private final KubernetesClient client;
  private final ClusterObjects cluster;
  private final String prefix;

  DiagnoseCommandTest(ApiServer server, KubernetesClient client, TestNamespace ns) {
    this.server = server;
    this.client = client;
    this.cluster = new ClusterObjects(client);
    this.prefix = ns.name();
  }

  private Run diagnose(String... args) {
    List<String> all = new ArrayList<>(List.of("diagnose", "--kubeconfig",
        server.local().kubeconfig().toString()));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }

  private static Run run(String... args) {
    return Run.of(args);
  }

  @Test
  void explainsANamespaceWithASandboxEgressAndTheObjectsThatUndermineIt() {
    String ns = cluster.namespace(prefix + "-cr", IN_MESH);
    String root = cluster.namespace(prefix + "-cr-root", Map.of());
    String meshConfig = meshConfig(prefix + "-cr-mesh", "REGISTRY_ONLY");
    cluster.pod(ns, "sandbox-1", SANDBOX);
    cluster.pod(ns, "web-1", Map.of("app", "web"));
    try (RunningOperator operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system",
        Set.of(), Set.of(ns), ClusterObjects.NETWORKS, Duration.ofMinutes(5), ProbeSettings.defaults(), null))) {
      client.resource(ClusterObjects.sandboxEgress(ns, "agents", """
          podSelector: {matchLabels: {app: daytona-sandbox}}
          allow:
            - host: pypi.org
          """)).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> isReady(ns, "agents"));
    }
    cluster.create(root, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-all}
        spec:
          action: DENY
          rules: [{}]
        """);
    cluster.create(ns, Sidecar.class, """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: platform-sidecar}
        spec:
          workloadSelector: {labels: {app: daytona-sandbox}}
          outboundTrafficPolicy: {mode: ALLOW_ANY}
        """);
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-all-egress}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress: [{}]
        """);

    Run run = diagnose("-n", ns, "--istio-root-namespace", root, "--mesh-config-namespace", meshConfig,
        NETWORK_OPTIONS[0], NETWORK_OPTIONS[1], NETWORK_OPTIONS[2], NETWORK_OPTIONS[3]);

    SandboxEgress agents = client.resources(SandboxEgress.class).inNamespace(ns).withName("agents").get();
    Compilation compiled = compile(agents, IN_MESH, Set.of());
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    // what diagnose says the spec renders to is the compiler's bundle, which is what the operator applied
    assertThat(compiled.bundle().resourceRefs()).containsExactlyInAnyOrderElementsOf(agents.getStatus().getResources());
    assertThat(run.out())
        .contains("  Compiles to: " + compiled.bundle().resourceRefs().size() + " objects (Istio Sidecar): "
            + compiled.bundle().resourceRefs().stream().map(ResourceRef::toString).collect(Collectors.joining(", ")))
        .doesNotContain("Owns differs")
        .contains("Namespace: " + ns + "\n")
        .contains("Data plane: Istio sidecars")
        .contains("Mesh-wide outboundTrafficPolicy: REGISTRY_ONLY (ConfigMap " + meshConfig + "/istio)")
        .contains("== SandboxEgress agents: policy AllowList, podSelector app=daytona-sandbox")
        .contains("  Ready: True (Applied)")
        .contains("  Matched pods: 1")
        .contains("  Owns: NetworkPolicy/sandbox-egress-agents, Sidecar/sandbox-egress-agents")
        .contains("Objects that select them:\n")
        .contains("  NetworkPolicy " + ns + "/allow-all-egress: podSelector (every pod); egress allowed:"
            + " rule 1 to every destination, on every port")
        .contains("  NetworkPolicy " + ns + "/sandbox-egress-agents [operator's, for SandboxEgress agents]")
        .contains("  Sidecar " + ns + "/platform-sidecar: workloadSelector app=daytona-sandbox;"
            + " outboundTrafficPolicy ALLOW_ANY")
        .contains("  AuthorizationPolicy " + root + "/deny-all: DENY, no selector (mesh-wide, root namespace)")
        .contains("Conflicts: 3\n")
        .contains("  1. AuthorizationPolicy " + root + "/deny-all (security.istio.io/v1) [advice: Ready unaffected]\n"
            + "     DENY policy selects the same pods")
        .contains("  2. Sidecar " + ns + "/platform-sidecar (networking.istio.io/v1) [makes the outcome undefined:"
            + " Ready=False]\n"
            + "     Sidecar selects the same pods as the operator's Sidecar for SandboxEgress agents")
        .contains("  3. NetworkPolicy " + ns + "/allow-all-egress (networking.k8s.io/v1) [widens the spec:"
            + " Ready=False]\n"
            + "     NetworkPolicy selects the sandboxes")
        .doesNotContain("ConfigMap " + meshConfig + "/istio (v1)");
  }

  @Test
  void aSpecTheCompilerRefusesIsReportedWithTheOperatorsReasonAndFields() {
    String ns = cluster.namespace(prefix + "-refused", Map.of());
    cluster.pod(ns, "sandbox-1", SANDBOX);
    String spec = """
        podSelector: {matchLabels: {app: daytona-sandbox}}
        allow:
          - cidr: 10.244.7.0/24
            ports: [{number: 5432, protocol: TCP}]
        """;
    Condition stalled;
    try (RunningOperator operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system",
        Set.of(), Set.of(ns), ClusterObjects.NETWORKS, Duration.ofMinutes(5), ProbeSettings.defaults(), null))) {
      client.resource(ClusterObjects.sandboxEgress(ns, "pods-range", spec)).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> condition(ns, "pods-range", "Stalled", "True") != null);
      stalled = condition(ns, "pods-range", "Stalled", "True");
    }
    SandboxEgress cr = client.resources(SandboxEgress.class).inNamespace(ns).withName("pods-range").get();
    Compilation refused = compile(cr, Map.of(), Set.of());
    assertThat(refused.isRefused()).isTrue();

    Run run = diagnose("-n", ns, NETWORK_OPTIONS[0], NETWORK_OPTIONS[1], NETWORK_OPTIONS[2], NETWORK_OPTIONS[3]);

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    // the compiler's reason and fields, in the operator's words
    assertThat(stalled.getReason()).isEqualTo(refused.refusedReason().wire());
    assertThat(stalled.getMessage()).isEqualTo(errors(refused) + "; nothing was applied");
    assertThat(run.out())
        .contains("  Compiles to: nothing, refused (" + stalled.getReason() + "): " + errors(refused)
            + "; the operator applies nothing for this spec")
        .contains("  Stalled: True (" + stalled.getReason() + ") " + stalled.getMessage());

    // diagnose compiles with the facts it is given: in a namespace protected by the operator's
    // --protected-namespace the spec is refused for that first
    Compilation inProtected = compile(cr, Map.of(), Set.of(ns));
    assertThat(diagnose("-n", ns, "--protected-namespace", ns).out())
        .contains("  Compiles to: nothing, refused (ProtectedNamespace): " + errors(inProtected));
  }

  @Test
  void explainsANamespaceWithoutSandboxEgressForTheSandboxesOfTheSelector() {
    String ns = cluster.namespace(prefix + "-no-cr", IN_MESH);
    String meshConfig = meshConfig(prefix + "-no-cr-mesh", "REGISTRY_ONLY");
    cluster.pod(ns, "sandbox-1", SANDBOX);
    cluster.pod(ns, "sandbox-2", SANDBOX);
    cluster.pod(ns, "web-1", Map.of("app", "web"));
    cluster.create(ns, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-web-admin}
        spec:
          action: DENY
          selector: {matchLabels: {app: web}}
          rules: [{to: [{operation: {paths: [/admin]}}]}]
        """);
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-egress}
        spec:
          podSelector: {}
          policyTypes: [Egress]
        """);

    Run run = diagnose("-n", ns, "-l", "app=daytona-sandbox", "--istio-root-namespace", "unused-root",
        "--mesh-config-namespace", meshConfig);

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("SandboxEgress: none selecting these pods in namespace " + ns)
        .contains("== The pods app=daytona-sandbox of namespace " + ns + " (from -l): 2 pods")
        .contains("  NetworkPolicy " + ns + "/default-deny-egress: podSelector (every pod); egress: none"
            + " allowed by it (default deny for the pods it selects)")
        .doesNotContain("deny-web-admin")
        .contains("Conflicts: 1\n")
        .contains("  1. ConfigMap " + meshConfig + "/istio (v1) [advice: Ready unaffected]\n"
            + "     mesh-wide outboundTrafficPolicy is REGISTRY_ONLY");

    Run everyPod = diagnose("-n", ns, "--istio-root-namespace", "unused-root",
        "--mesh-config-namespace", meshConfig);
    assertThat(everyPod.exitCode()).isZero();
    assertThat(everyPod.out())
        .contains("== Every pod of namespace " + ns + " (no -l given): 3 pods")
        .contains("AuthorizationPolicy " + ns + "/deny-web-admin: DENY, selector app=web")
        .contains("Conflicts: 2\n");
  }

  @Test
  void badArgumentsExitWithTwo() {
    assertThat(run("diagnose").exitCode()).isEqualTo(2);
    Run badSelector = diagnose("-n", prefix, "-l", "app in (a,b)");
    assertThat(badSelector.exitCode()).isEqualTo(2);
    assertThat(badSelector.err()).startsWith("-l: 'app in (a' is not a label selector term");
    Run missing = diagnose("-n", prefix + "-missing");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("namespace " + prefix + "-missing not found");
  }

  @Test
  void anUnreachableClusterExitsWithOne(@TempDir Path dir) throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1"}}]
        users: [{name: nobody, user: {token: nothing}}]
        contexts: [{name: gone, context: {cluster: gone, user: nobody}}]
        current-context: gone
        """);

    Run run = run("diagnose", "-n", "daytona", "--kubeconfig", kubeconfig.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("cannot read the cluster at https://127.0.0.1:1/");
  }

  /** What the operator of these tests compiles {@code cr} to, with Istio served as on the test API server. */
  private static Compilation compile(SandboxEgress cr, Map<String, String> namespaceLabels, Set<String> protectedToo) {
    Set<String> refused = new java.util.HashSet<>(ProtectedNamespace.ALWAYS);
    refused.addAll(protectedToo);
    return new EgressCompiler().compile(cr, namespaceLabels,
        new CompileFacts(true, ClusterObjects.NETWORKS, IstioMesh.defaults(), refused));
  }

  private static String errors(Compilation refused) {
    return refused.errors().stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }

  private Condition condition(String namespace, String name, String type, String status) {
    SandboxEgress cr = client.resources(SandboxEgress.class).inNamespace(namespace).withName(name).get();
    if (cr == null || cr.getStatus() == null || cr.getStatus().getConditions() == null
        || !cr.getMetadata().getGeneration().equals(cr.getStatus().getObservedGeneration())) {
      return null;
    }
    return cr.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus())).findFirst().orElse(null);
  }

  private boolean isReady(String namespace, String name) {
    SandboxEgress cr = client.resources(SandboxEgress.class).inNamespace(namespace).withName(name).get();
    return cr != null && cr.getStatus() != null
        && cr.getMetadata().getGeneration().equals(cr.getStatus().getObservedGeneration())
        && cr.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private String meshConfig(String namespace, String mode) {
    cluster.namespace(namespace, Map.of());
    cluster.create(namespace, ConfigMap.class, """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: istio}
        data:
          mesh: |-
            outboundTrafficPolicy:
              mode: %s
        """.formatted(mode));
    return namespace;
  }
}
