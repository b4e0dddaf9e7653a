package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.render.OwnedLabels;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The operator, running in-process against the real API server, does what a user would expect. */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcilerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final String mesh;
  private final String plain;
  private final String protectedNs;
  private RunningOperator operator;

  ReconcilerTest(KubernetesClient client, TestNamespace ns) {
    this.client = client;
    this.mesh = ns.name();
    this.plain = ns.name() + "-plain";
    this.protectedNs = ns.name() + "-protected";
  }

  private static final String CLUSTER_DOMAIN = "k8s.corp.example";

  @BeforeAll
  void startOperator(ApiServer server) {
    client.namespaces().withName(mesh).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels("istio-injection", "enabled").endMetadata().build());
    for (String name : List.of(plain, protectedNs)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
          .build()).create();
    }
    operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system",
        Set.of(protectedNs), Set.of(mesh, plain, protectedNs),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12"))
            .withClusterDomain(CLUSTER_DOMAIN),
        Duration.ofSeconds(1), ProbeSettings.defaults(), null));
  }

  @AfterAll
  void stopOperator() {
    operator.close();
  }

  @Test
  void createdSandboxEgressGetsItsObjectsWithOwnerReferencesAndBecomesReady() {
    addSandboxPod(mesh, "sandbox-a", "agents");
    addSandboxPod(mesh, "sandbox-b", "agents");
    addSandboxPod(mesh, "other", "web");

    SandboxEgress cr = apply(mesh, "agents", """
        podSelector: {matchLabels: {app: agents}}
        allow:
          - host: pypi.org
          - host: "*.githubusercontent.com"
            ports: [{number: 443, protocol: TLS}]
          - cidr: 140.82.112.0/20
            ports: [{number: 22, protocol: TCP}]
        """);
    SandboxEgress ready = awaitReady(mesh, "agents");

    List<HasMetadata> owned = owned(mesh, "agents");
    assertThat(owned).extracting(HasMetadata::getKind).contains("NetworkPolicy", "Sidecar", "ServiceEntry");
    assertThat(owned).allSatisfy(o -> {
      assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
        assertThat(ref.getUid()).isEqualTo(cr.getMetadata().getUid());
        assertThat(ref.getController()).isTrue();
      });
      assertThat(o.getMetadata().getLabels())
          .containsEntry(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGED_BY_VALUE)
          .containsEntry(OwnedLabels.OWNER, "agents");
      assertThat(o.getMetadata().getName()).hasSizeLessThanOrEqualTo(63);
    });
    assertThat(ready.getStatus().getResources()).extracting(r -> r.getKind() + "/" + r.getName())
        .containsExactlyInAnyOrderElementsOf(owned.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
    assertThat(ready.getStatus().getDataPlane().getIstio()).isEqualTo("Sidecar");
    assertThat(ready.getStatus().getDataPlane().getNetworkPolicy()).isEqualTo("Enforced");
    assertThat(ready.getStatus().getMatchedPods()).isEqualTo(2);
    assertThat(ready.getMetadata().getFinalizers())
        .as("no finalizer: its objects all go with it by owner reference").isNullOrEmpty();
    assertThat(condition(ready, "Applied").getStatus()).isEqualTo("True");
    assertThat(condition(ready, "Stalled").getStatus()).isEqualTo("False");
    assertThat(ready.getStatus().getConditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration()));
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events(mesh, "agents"))
        .filteredOn(e -> "Created".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("NetworkPolicy " + mesh + "/sandbox-egress-agents",
            "Sidecar " + mesh + "/sandbox-egress-agents", "ServiceEntry " + mesh + "/")));
  }

  @Test
  void specChangeChangesTheObjectsAndRemovesTheOnesNoLongerNeeded() {
    apply(mesh, "change", """
        podSelector: {matchLabels: {app: change}}
        allow:
          - host: pypi.org
          - host: "*.githubusercontent.com"
            ports: [{number: 443, protocol: TLS}]
        """);
    awaitReady(mesh, "change");
    assertThat(serviceEntryHosts(mesh, "change")).contains("pypi.org", "*.githubusercontent.com");

    apply(mesh, "change", """
        podSelector: {matchLabels: {app: change}}
        allow:
          - host: files.pythonhosted.org
        """);
    awaitReady(mesh, "change");
    assertThat(serviceEntryHosts(mesh, "change")).containsExactly("files.pythonhosted.org");

    apply(mesh, "change", """
        podSelector: {matchLabels: {app: change}}
        policy: DenyAll
        """);
    awaitReady(mesh, "change");
    assertThat(owned(mesh, "change")).extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder("NetworkPolicy", "Sidecar");
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events(mesh, "change"))
        .extracting(Event::getReason).contains("Updated", "Deleted"));
  }

  @Test
  void aDeletedObjectIsRestored() {
    apply(mesh, "restore", """
        podSelector: {matchLabels: {app: restore}}
        allow: [{host: pypi.org}]
        """);
    awaitReady(mesh, "restore");
    NetworkPolicy original = networkPolicy(mesh, "restore");

    client.resource(original).delete();

    await().atMost(DEADLINE).until(() -> {
      NetworkPolicy again = networkPolicy(mesh, "restore");
      return again != null && !again.getMetadata().getUid().equals(original.getMetadata().getUid());
    });
    assertThat(networkPolicy(mesh, "restore").getSpec()).isEqualTo(original.getSpec());
  }

  @Test
  void anEditedObjectIsRestored() {
    apply(mesh, "edited", """
        podSelector: {matchLabels: {app: edited}}
        allow: [{host: pypi.org}]
        """);
    awaitReady(mesh, "edited");
    NetworkPolicy original = networkPolicy(mesh, "edited");

    client.resources(NetworkPolicy.class).inNamespace(mesh).withName(original.getMetadata().getName())
        .edit(np -> {
          np.getSpec().setEgress(List.of());
          return np;
        });

    await().atMost(DEADLINE).untilAsserted(() ->
        assertThat(networkPolicy(mesh, "edited").getSpec()).isEqualTo(original.getSpec()));
  }

  @Test
  void dryRunRendersAndReportsButAppliesNothing() {
    apply(mesh, "dry", """
        podSelector: {matchLabels: {app: dry}}
        enforcement: DryRun
        allow: [{host: pypi.org}]
        """);
    SandboxEgress ready = awaitReady(mesh, "dry");

    assertThat(condition(ready, "Ready").getReason()).isEqualTo("DryRun");
    assertThat(condition(ready, "Applied").getStatus()).isEqualTo("False");
    assertThat(ready.getStatus().getDataPlane().getNetworkPolicy()).isEqualTo("DryRun");
    assertThat(ready.getStatus().getResources()).extracting(r -> r.getKind())
        .contains("NetworkPolicy", "Sidecar", "ServiceEntry");
    assertThat(owned(mesh, "dry")).isEmpty();
  }

  @Test
  void aNamespaceOutsideTheMeshGetsOnlyTheNetworkPolicyAndStatusSaysSo() {
    apply(plain, "plain", """
        podSelector: {matchLabels: {app: plain}}
        allow: [{host: pypi.org}]
        """);
    SandboxEgress ready = awaitReady(plain, "plain");

    assertThat(owned(plain, "plain")).extracting(HasMetadata::getKind).containsExactly("NetworkPolicy");
    assertThat(ready.getStatus().getDataPlane().getIstio()).isEqualTo("NotInMesh");
    assertThat(ready.getStatus().getDataPlane().getHostEnforcement()).contains("port level only");
    assertThat(condition(ready, "Ready").getMessage()).contains("port level only");
  }

  @Test
  void aProtectedNamespaceIsRefused() {
    apply(protectedNs, "refused", """
        podSelector: {matchLabels: {app: sandbox}}
        policy: AllowInternet
        """);

    SandboxEgress stalled = awaitCondition(protectedNs, "refused", "Stalled");
    assertThat(condition(stalled, "Stalled").getReason()).isEqualTo("ProtectedNamespace");
    assertThat(condition(stalled, "Stalled").getMessage()).contains("metadata.namespace");
    assertThat(condition(stalled, "Ready").getStatus()).isEqualTo("False");
    assertThat(owned(protectedNs, "refused")).isEmpty();
  }

  @Test
  void aSpecTheCrdCannotCheckIsStalledWithTheFieldAndNothingIsApplied() {
    apply(mesh, "private", """
        podSelector: {matchLabels: {app: private}}
        allow:
          - cidr: 10.40.0.0/16
            ports: [{number: 443, protocol: TLS}]
        """);

    SandboxEgress stalled = awaitCondition(mesh, "private", "Stalled");
    assertThat(condition(stalled, "Stalled").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(stalled, "Stalled").getMessage()).contains("spec.allow[0].cidr").contains("private: true");
    assertThat(owned(mesh, "private")).isEmpty();
    assertThat(operator.registry().get(OperatorMetrics.STALLED).tags("namespace", mesh, "name", "private").gauge()
        .value()).as("sandbox_egress_stalled").isEqualTo(1.0);
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events(mesh, "private"))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).contains("spec.allow[0].cidr");
        }));
  }

  /** The admission rules know cluster.local only: a name under another cluster domain is Stalled. */
  @Test
  void aHostUnderTheConfiguredClusterDomainIsStalledUnlessPrivate() {
    apply(mesh, "inside", """
        podSelector: {matchLabels: {app: inside}}
        allow:
          - host: web.team-a.svc.%s
        """.formatted(CLUSTER_DOMAIN));

    SandboxEgress stalled = awaitCondition(mesh, "inside", "Stalled");
    assertThat(condition(stalled, "Stalled").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(stalled, "Stalled").getMessage())
        .contains("spec.allow[0].host: web.team-a.svc." + CLUSTER_DOMAIN + " is under "
            + CLUSTER_DOMAIN).contains("add private: true");
    assertThat(owned(mesh, "inside")).isEmpty();

    apply(mesh, "inside", """
        podSelector: {matchLabels: {app: inside}}
        allow:
          - {host: web.team-a.svc.%s, private: true}
        """.formatted(CLUSTER_DOMAIN));
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(owned(mesh, "inside"))
        .extracting(HasMetadata::getKind).contains("NetworkPolicy"));
  }

  @Test
  void aDenyPolicyOnTheSandboxesShowsInStatusConflictsWithAWarning() {
    client.resource(Serialization.unmarshal("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-all-agents, namespace: %s}
        spec:
          selector: {matchLabels: {app: conflicted}}
          action: DENY
          rules: [{}]
        """.formatted(mesh), io.fabric8.istio.api.security.v1.AuthorizationPolicy.class)).create();

    apply(mesh, "conflicted", """
        podSelector: {matchLabels: {app: conflicted}}
        allow: [{host: pypi.org}]
        """);
    SandboxEgress ready = awaitReady(mesh, "conflicted");

    assertThat(ready.getStatus().getConflicts()).singleElement().satisfies(conflict -> {
      assertThat(conflict.getKind()).isEqualTo("AuthorizationPolicy");
      assertThat(conflict.getName()).isEqualTo("deny-all-agents");
      assertThat(conflict.getMessage()).contains("DENY");
    });
    assertThat(condition(ready, "Ready").getMessage()).contains("1 conflicting objects");
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events(mesh, "conflicted"))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("ConflictDetected");
          assertThat(e.getMessage()).contains("deny-all-agents");
        }));
  }

  @Test
  void aResyncOfAnUnchangedSandboxEgressWritesNothing() {
    apply(mesh, "steady", """
        podSelector: {matchLabels: {app: steady}}
        allow:
          - host: pypi.org
          - host: "*.githubusercontent.com"
          - cidr: 140.82.112.0/20
            ports: [{number: 22}]
        """);
    awaitReady(mesh, "steady");
    await().atMost(DEADLINE).until(() -> owned(mesh, "steady").size() >= 3);
    // let the reconciliations triggered by the operator's own writes drain before counting
    int settled = operator.reconciliations();
    await().atMost(DEADLINE).until(() -> operator.reconciliations() >= settled + 3);
    operator.clearWrites();
    int before = operator.reconciliations();

    await().atMost(DEADLINE).until(() -> operator.reconciliations() >= before + 5);

    assertThat(operator.writes()).isEmpty();
  }

  /**
   * Everything a reconciliation reads (pods, namespaces, conflicting objects, the mesh ConfigMap)
   * comes from the informers' caches. API discovery (whether Istio is served, asked every 5 s
   * by the whole operator, not per SandboxEgress) is not counted.
   */
  @Test
  void aResyncOfAnUnchangedSandboxEgressMakesNoRequestAtAll() {
    apply(mesh, "quiet", """
        podSelector: {matchLabels: {app: quiet}}
        allow:
          - host: pypi.org
          - cidr: 140.82.112.0/20
            ports: [{number: 22}]
        """);
    awaitReady(mesh, "quiet");
    int settled = operator.reconciliations();
    await().atMost(DEADLINE).until(() -> operator.reconciliations() >= settled + 3);
    operator.clearRequests();
    int before = operator.reconciliations();

    await().atMost(DEADLINE).until(() -> operator.reconciliations() >= before + 5);

    assertThat(operator.requests()).filteredOn(r -> !isApiDiscovery(r)).isEmpty();
  }

  private static boolean isApiDiscovery(String request) {
    String path = request.substring(request.indexOf(' ') + 1).split("\\?")[0];
    String[] segments = path.substring(1).split("/");
    return request.startsWith("GET ") && (segments[0].equals("api") && segments.length <= 2
        || segments[0].equals("apis") && segments.length <= 3);
  }

  private SandboxEgress apply(String namespace, String name, String specYaml) {
    return SandboxEgresses.apply(client, namespace, name, specYaml);
  }

  private SandboxEgress awaitReady(String namespace, String name) {
    return SandboxEgresses.awaitReady(client, namespace, name, DEADLINE);
  }

  private SandboxEgress awaitCondition(String namespace, String name, String type) {
    return SandboxEgresses.awaitCondition(client, namespace, name, type, "True", DEADLINE);
  }

  private static Condition condition(SandboxEgress cr, String type) {
    return SandboxEgresses.condition(cr, type);
  }

  private List<HasMetadata> owned(String namespace, String owner) {
    List<HasMetadata> all = new java.util.ArrayList<>();
    all.addAll(client.resources(NetworkPolicy.class).inNamespace(namespace).withLabel(OwnedLabels.OWNER, owner).list().getItems());
    all.addAll(client.resources(Sidecar.class).inNamespace(namespace).withLabel(OwnedLabels.OWNER, owner).list().getItems());
    all.addAll(client.resources(ServiceEntry.class).inNamespace(namespace).withLabel(OwnedLabels.OWNER, owner).list().getItems());
    return all;
  }

  private NetworkPolicy networkPolicy(String namespace, String owner) {
    return client.resources(NetworkPolicy.class).inNamespace(namespace).withLabel(OwnedLabels.OWNER, owner)
        .list().getItems().stream().findFirst().orElse(null);
  }

  private List<String> serviceEntryHosts(String namespace, String owner) {
    return client.resources(ServiceEntry.class).inNamespace(namespace).withLabel(OwnedLabels.OWNER, owner)
        .list().getItems().stream().flatMap(se -> se.getSpec().getHosts().stream()).toList();
  }

  private List<Event> events(String namespace, String name) {
    return SandboxEgresses.events(client, namespace, name);
  }

  private void addSandboxPod(String namespace, String name, String app) {
    client.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(name).addToLabels("app", app).endMetadata()
        .withNewSpec().addNewContainer().withName("sandbox").withImage("sandbox:latest").endContainer().endSpec()
        .build()).create();
  }
}
