package io.sandboxegress.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Conflicts found in real objects on the real API server. */
@WithApiServer
class ConflictFinderTest {

  private static final Map<String, String> IN_MESH = Map.of("istio-injection", "enabled");
  private static final String SANDBOXES = """
      podSelector: {matchLabels: {app: sandbox}}
      allow:
        - host: pypi.org
      """;

  private final KubernetesClient client;
  private final ClusterObjects cluster;
  private final String prefix;

  ConflictFinderTest(KubernetesClient client, TestNamespace ns) {
    this.client = client;
    this.cluster = new ClusterObjects(client);
    this.prefix = ns.name();
  }

  @Test
  void denyPolicyThatSelectsTheSandboxesIsReportedAndOneForOtherPodsIsNot() {
    String ns = cluster.namespace(prefix + "-deny", IN_MESH);
    cluster.create(ns, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-sandbox-admin}
        spec:
          action: DENY
          selector: {matchLabels: {app: sandbox}}
          rules:
            - to: [{operation: {ports: ["8080"]}}]
        """);
    cluster.create(ns, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-web}
        spec:
          action: DENY
          selector: {matchLabels: {app: web}}
          rules: [{}]
        """);

    List<Conflict> conflicts = withOurObjects(ns, finder("istio-root-unused", "istio-config-unused"));

    assertThat(conflicts).singleElement().satisfies(c -> {
      assertThat(c.getApiVersion()).isEqualTo("security.istio.io/v1");
      assertThat(c.getKind()).isEqualTo("AuthorizationPolicy");
      assertThat(c.getNamespace()).isEqualTo(ns);
      assertThat(c.getName()).isEqualTo("deny-sandbox-admin");
      assertThat(c.getMessage())
          .startsWith("DENY policy selects the same pods (its selector app=sandbox matches every sandbox pod")
          .contains("DENY wins over ALLOW: requests matching its rules get 403 RBAC: access denied")
          .contains("governs the traffic INTO it")
          .contains("not the sandboxes' own egress")
          .contains("only at an egress gateway or, in ambient mode, at a waypoint")
          .contains("Fix: if it is meant for other workloads, give it a selector that does not match");
    });
  }

  @Test
  void denyPolicyWithoutSelectorInTheRootNamespaceAppliesMeshWide() {
    String ns = cluster.namespace(prefix + "-root-deny", IN_MESH);
    String root = cluster.namespace(prefix + "-root", Map.of());
    cluster.create(root, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-everything}
        spec:
          action: DENY
          rules: [{}]
        """);

    List<Conflict> conflicts = withOurObjects(ns, finder(root, "istio-config-unused"));

    assertThat(conflicts).singleElement().satisfies(c -> {
      assertThat(c.getNamespace()).isEqualTo(root);
      assertThat(c.getName()).isEqualTo("deny-everything");
      assertThat(c.getMessage())
          .contains("it has no selector, so it applies to every workload of the mesh, as it is in the"
              + " mesh root namespace " + root + ", the sandboxes included")
          .contains("it has an empty rule, so it denies every request");
    });
    assertThat(withOurObjects(cluster.namespace(prefix + "-root-other", IN_MESH),
        finder("istio-root-elsewhere", "istio-config-unused"))).isEmpty();
  }

  @Test
  void namespaceWideAllowNothingIsReportedAsDenyAll() {
    String ns = cluster.namespace(prefix + "-allow-nothing", IN_MESH);
    cluster.create(ns, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow-nothing}
        spec: {}
        """);

    List<Conflict> conflicts = withOurObjects(ns, finder("istio-root-unused", "istio-config-unused"));

    assertThat(conflicts).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("allow-nothing");
      assertThat(c.getMessage())
          .startsWith("ALLOW policy with no rules selects the same pods (it has no selector, so it"
              + " applies to every workload of namespace " + ns)
          .contains("it is a deny-all, so every request to the sandboxes gets 403 RBAC: access denied")
          .contains("Fix: add ALLOW rules");
    });
  }

  @Test
  void foreignSidecarThatSelectsTheSandboxesIsReportedButOursAndANamespaceWideOneAreNot() {
    String ns = cluster.namespace(prefix + "-sidecar", IN_MESH);
    cluster.create(ns, Sidecar.class, """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: team-sidecar}
        spec:
          workloadSelector: {labels: {app: sandbox}}
          outboundTrafficPolicy: {mode: ALLOW_ANY}
          egress: [{hosts: ["*/*"]}]
        """);
    cluster.create(ns, Sidecar.class, """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: default}
        spec:
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
          egress: [{hosts: ["./*", "istio-system/*"]}]
        """);
    cluster.create(ns, Sidecar.class, """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: web}
        spec:
          workloadSelector: {labels: {app: web}}
          egress: [{hosts: ["./*"]}]
        """);

    List<Conflict> conflicts = withOurObjects(ns, finder("istio-root-unused", "istio-config-unused"));

    assertThat(conflicts).singleElement().satisfies(c -> {
      assertThat(c.getApiVersion()).isEqualTo("networking.istio.io/v1");
      assertThat(c.getKind()).isEqualTo("Sidecar");
      assertThat(c.getName()).isEqualTo("team-sidecar");
      assertThat(c.getMessage())
          .startsWith("Sidecar selects the same pods as the operator's Sidecar for SandboxEgress agents")
          .contains("Istio's behaviour is undefined when two Sidecars with a workloadSelector select one workload")
          .contains("this one: outboundTrafficPolicy ALLOW_ANY, egress hosts */*")
          .contains("Fix: change its workloadSelector so that it does not match the sandboxes");
    });
  }

  @Test
  void networkPolicyThatWidensEgressIsReportedButNarrowerOnesAreNot() {
    String ns = cluster.namespace(prefix + "-netpol", IN_MESH);
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-all-egress}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress: [{}]
        """);
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-egress}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Egress]
          egress: [{}]
        """);
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: ingress-only}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
          ingress: [{}]
        """);
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-dns}
        spec:
          podSelector: {matchLabels: {app: sandbox}}
          policyTypes: [Egress]
          egress:
            - to:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                  podSelector: {matchLabels: {k8s-app: kube-dns}}
              ports: [{port: 53, protocol: UDP}]
        """);
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: ssh-out}
        spec:
          podSelector: {matchLabels: {app: sandbox}}
          policyTypes: [Egress]
          egress:
            - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
              ports: [{port: 22}]
        """);

    List<Conflict> conflicts = withOurObjects(ns, finder("istio-root-unused", "istio-config-unused"));

    assertThat(conflicts).extracting(Conflict::getName).containsExactly("allow-all-egress", "ssh-out");
    assertThat(conflicts.get(0).getMessage())
        .startsWith("NetworkPolicy selects the sandboxes (its podSelector is empty, so it selects every"
            + " pod of namespace " + ns + ", the sandboxes included)")
        .contains("NetworkPolicy rules add up, so egress rule 1 (to every destination, on every port)"
            + " widens what the sandboxes can reach")
        .contains("Fix: change its podSelector so that it does not select the sandboxes");
    assertThat(conflicts.get(1).getMessage())
        .contains("egress rule 1 (to 0.0.0.0/0, on 22/TCP) widens");
  }

  @Test
  void meshWideRegistryOnlyContradictsASandboxEgressWithoutTheOperatorsSidecar() {
    String ns = cluster.namespace(prefix + "-mesh-off", IN_MESH);
    String meshConfig = meshConfig(prefix + "-mesh-config", "REGISTRY_ONLY");
    SandboxEgress off = ClusterObjects.sandboxEgress(ns, "agents", """
        podSelector: {matchLabels: {app: sandbox}}
        policy: AllowInternet
        istio: {mode: Off}
        """);
    Bundle bundle = cluster.renderAndApply(off, DataPlane.NONE);

    List<Conflict> conflicts = finder("istio-root-unused", meshConfig).find(off, bundle);

    assertThat(conflicts).singleElement().satisfies(c -> {
      assertThat(c.getApiVersion()).isEqualTo("v1");
      assertThat(c.getKind()).isEqualTo("ConfigMap");
      assertThat(c.getNamespace()).isEqualTo(meshConfig);
      assertThat(c.getName()).isEqualTo("istio");
      assertThat(c.getMessage())
          .startsWith("mesh-wide outboundTrafficPolicy is REGISTRY_ONLY (ConfigMap " + meshConfig + "/istio")
          .contains("plain HTTP gets 502 from envoy and TLS is reset during the handshake")
          .contains("SandboxEgress agents asks for AllowInternet, but the operator has no Sidecar")
          .contains("Fix: set spec.istio.mode to Auto or Sidecar");
    });
  }

  @Test
  void meshWideSettingsThatDoNotContradictAreNotReported() {
    String withSidecar = cluster.namespace(prefix + "-mesh-ours", IN_MESH);
    String outsideMesh = cluster.namespace(prefix + "-mesh-outside", Map.of());
    String registryOnly = meshConfig(prefix + "-mesh-ro", "REGISTRY_ONLY");
    String allowAny = meshConfig(prefix + "-mesh-any", "ALLOW_ANY");

    // Our Sidecar sets the mode for the sandboxes, whatever the mesh says.
    assertThat(withOurObjects(withSidecar, finder("istio-root-unused", registryOnly))).isEmpty();
    String noSidecar = cluster.namespace(prefix + "-mesh-none", IN_MESH);
    assertThat(finder("istio-root-unused", allowAny).find(new Sandboxes(noSidecar, null), Optional.empty()))
        .isEmpty();
    // Pods without sidecars never see the mesh's outbound policy.
    SandboxEgress internet = ClusterObjects.sandboxEgress(outsideMesh, "agents", """
        podSelector: {matchLabels: {app: sandbox}}
        policy: AllowInternet
        """);
    assertThat(finder("istio-root-unused", registryOnly)
        .find(internet, cluster.renderAndApply(internet, DataPlane.NONE))).isEmpty();
  }

  @Test
  void withoutSandboxEgressWhatCutsTheSandboxesOffIsReportedInAStableOrder() {
    String ns = cluster.namespace(prefix + "-no-cr", IN_MESH);
    String meshConfig = meshConfig(prefix + "-no-cr-mesh", "REGISTRY_ONLY");
    cluster.create(ns, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: z-deny}
        spec:
          action: DENY
          rules: [{from: [{source: {notNamespaces: [istio-system]}}]}]
        """);
    cluster.create(ns, AuthorizationPolicy.class, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: a-deny}
        spec:
          action: DENY
          selector: {matchLabels: {app: sandbox}}
          rules: [{to: [{operation: {methods: [POST]}}]}]
        """);
    cluster.create(ns, NetworkPolicy.class, """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-all-egress}
        spec:
          podSelector: {}
          egress: [{}]
        """);
    LabelSelector sandboxes = SelectorText.parse("app=sandbox");

    List<Conflict> conflicts = finder("istio-root-unused", meshConfig)
        .find(new Sandboxes(ns, sandboxes), Optional.empty());

    assertThat(conflicts).extracting(c -> c.getKind() + "/" + c.getName())
        .containsExactly("AuthorizationPolicy/a-deny", "AuthorizationPolicy/z-deny", "ConfigMap/istio");
    assertThat(conflicts.get(2).getMessage()).contains("Fix: create a SandboxEgress for the sandboxes");
    assertThat(finder("istio-root-unused", meshConfig).find(new Sandboxes(ns, sandboxes), Optional.empty()))
        .usingRecursiveFieldByFieldElementComparator().isEqualTo(conflicts);
  }

  @Test
  void namespaceWideRegistryOnlySidecarCutsOffSandboxesThatNoSidecarSelects() {
    String ns = cluster.namespace(prefix + "-ns-sidecar", IN_MESH);
    cluster.create(ns, Sidecar.class, """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: default}
        spec:
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
        """);

    List<Conflict> conflicts = finder("istio-root-unused", "istio-config-unused")
        .find(new Sandboxes(ns, SelectorText.parse("app=sandbox")), Optional.empty());

    assertThat(conflicts).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("default");
      assertThat(c.getMessage())
          .startsWith("Sidecar sets outboundTrafficPolicy REGISTRY_ONLY for the sandboxes' sidecars (it has"
              + " no workloadSelector, so it applies to every workload of namespace " + ns)
          .contains("a Sidecar that selects a workload wins over one without workloadSelector");
    });
  }

  /** Renders and applies the operator's objects for an AllowList SandboxEgress, then finds. */
  private List<Conflict> withOurObjects(String namespace, ConflictFinder finder) {
    SandboxEgress cr = ClusterObjects.sandboxEgress(namespace, "agents", SANDBOXES);
    Bundle bundle = cluster.renderAndApply(cr, DataPlane.SIDECAR);
    return finder.find(cr, bundle);
  }

  private ConflictFinder finder(String rootNamespace, String meshConfigNamespace) {
    return new ConflictFinder(new ClientClusterView(client),
        new IstioNamespaces(rootNamespace, meshConfigNamespace));
  }

  private String meshConfig(String namespace, String mode) {
    cluster.namespace(namespace, Map.of());
    cluster.create(namespace, ConfigMap.class, """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: istio}
        data:
          mesh: |-
            accessLogFile: /dev/stdout
            outboundTrafficPolicy:
              mode: %s
        """.formatted(mode));
    return namespace;
  }
}
