package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.IstioApis;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chart's RBAC with default values (all namespaces), installed into the real API server, as
 * seen by the operator's ServiceAccount through impersonation: it may do exactly what the operator
 * does, and nothing else.
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterWideRbacTest {

  private final KubernetesClient admin;
  private final String release;
  private final String sandboxes;
  private String serviceAccount;
  private KubernetesClient operator;

  ClusterWideRbacTest(KubernetesClient admin, TestNamespace ns) {
    this.admin = admin;
    this.release = ns.name();
    this.sandboxes = ns.name() + "-sbx";
  }

  @BeforeAll
  void installRbac(ApiServer server) {
    Installed.ensureNamespace(admin, "istio-system", Map.of());
    Installed.ensureNamespace(admin, sandboxes, Map.of("istio-injection", "enabled"));
    Chart.Rendered rendered = Chart.render(release, release, Map.of());
    Installed.apply(admin, rendered.objects().stream()
        .filter(o -> List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")
            .contains(o.get("kind")))
        .toList());
    serviceAccount = Maps.string(rendered.ofKind("ServiceAccount").get(0), "metadata", "name");
    operator = Installed.as(server, release, serviceAccount);
  }

  @AfterAll
  void closeClient() {
    operator.close();
  }

  @Test
  void accessReviewsMatchTheOperatorsPermissionsForEveryResourceAndVerb() {
    List<String> mismatches = Installed.accessMismatches(operator,
        List.of("", release, sandboxes, "istio-system", "kube-system"), namespace -> {
          Permissions granted = Permissions.CLUSTER.plus(Permissions.MANAGED);
          if (namespace.equals(release)) {
            granted = granted.plus(Permissions.LEADER_ELECTION);
          }
          if (namespace.equals("istio-system")) {
            granted = granted.plus(Permissions.MESH_CONFIG);
          }
          return granted;
        });

    assertThat(mismatches).isEmpty();
  }

  @Test
  void theOperatorRunningAsItsServiceAccountReconcilesASandboxEgressToReady() {
    Installed.operatorReconcilesToReady(admin, operator, release, sandboxes);
  }

  @Test
  void realRequestsTheOperatorMakesAreAllowed() {
    Lease lease = operator.leases().inNamespace(release).resource(new LeaseBuilder()
        .withNewMetadata().withName("sandbox-egress-operator").endMetadata()
        .withNewSpec().withHolderIdentity("pod-a").withLeaseDurationSeconds(15).endSpec().build()).create();
    lease.getSpec().setHolderIdentity("pod-b");
    assertThat(operator.leases().inNamespace(release).resource(lease).update().getSpec().getHolderIdentity())
        .isEqualTo("pod-b");
    assertThat(operator.leases().inNamespace(release).withName("sandbox-egress-operator").get()).isNotNull();

    assertThat(operator.configMaps().inNamespace("istio-system").list()).isNotNull();
    assertThat(operator.namespaces().withName(sandboxes).get()).isNotNull();
    // whether Istio is installed: API discovery, which needs no read access to CRDs
    assertThat(IstioApis.served(operator)).isTrue();
    forbidden(() -> operator.apiextensions().v1().customResourceDefinitions()
        .withName("sandboxegresses.sandboxegress.io").get());
    assertThat(operator.network().v1().networkPolicies().inAnyNamespace().list()).isNotNull();

    operator.pods().inNamespace(sandboxes).resource(new PodBuilder()
        .withNewMetadata().withName("probe").endMetadata()
        .withNewSpec().addNewContainer().withName("probe").withImage("busybox").endContainer().endSpec()
        .build()).create();
    assertThat(operator.pods().inNamespace(sandboxes).list().getItems()).extracting(p -> p.getMetadata().getName())
        .contains("probe");
    operator.pods().inNamespace(sandboxes).withName("probe").withGracePeriod(0).delete();

    operator.apps().controllerRevisions().inNamespace(sandboxes).resource(new ControllerRevisionBuilder()
        .withNewMetadata().withName("agents-1").endMetadata().withRevision(1L)
        .withData(Map.of("spec", Map.of("policy", "DenyAll"))).build()).create();
    assertThat(operator.apps().controllerRevisions().inNamespace(sandboxes).withName("agents-1").delete()).isNotEmpty();

    admin.resource(sandboxEgress("listed")).inNamespace(sandboxes).create();
    SandboxEgress listed = operator.resources(SandboxEgress.class).inNamespace(sandboxes).withName("listed").get();
    listed.getMetadata().setLabels(Map.of("touched", "yes"));
    assertThat(operator.resource(listed).update().getMetadata().getLabels()).containsEntry("touched", "yes");
  }

  @Test
  void secretsOtherKindsAndWritesOutsideItsKindsAreForbidden() {
    admin.secrets().inNamespace(release).resource(new SecretBuilder().withNewMetadata().withName("token")
        .endMetadata().addToStringData("token", "not-for-the-operator").build()).create();

    forbidden(() -> operator.secrets().inNamespace(release).withName("token").get());
    forbidden(() -> operator.secrets().inNamespace(sandboxes).list());
    forbidden(() -> operator.secrets().inAnyNamespace().list());
    forbidden(() -> operator.configMaps().inNamespace(sandboxes).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("nope").endMetadata().build()).create());
    forbidden(() -> operator.configMaps().inNamespace("istio-system").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("nope").endMetadata().build()).create());
    forbidden(() -> operator.configMaps().inNamespace(sandboxes).list());
    forbidden(() -> operator.apps().deployments().inNamespace(release).resource(new DeploymentBuilder()
        .withNewMetadata().withName("nope").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("a", "b").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("a", "b").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
        .endTemplate().endSpec().build()).create());
    forbidden(() -> operator.resource(sandboxEgress("created-by-operator")).inNamespace(sandboxes).create());
    forbidden(() -> operator.namespaces().withName(sandboxes).delete());
    forbidden(() -> operator.leases().inNamespace(sandboxes).resource(new LeaseBuilder()
        .withNewMetadata().withName("elsewhere").endMetadata().build()).create());
    forbidden(() -> operator.rbac().clusterRoles().list());
  }

  static void forbidden(ThrowingCallable request) {
    assertThatThrownBy(request).isInstanceOfSatisfying(KubernetesClientException.class,
        e -> assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403));
  }

  static SandboxEgress sandboxEgress(String name) {
    return Serialization.unmarshal("""
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata:
          name: %s
        spec:
          podSelector: {matchLabels: {app: none}}
          policy: DenyAll
          enforcement: DryRun
        """.formatted(name), SandboxEgress.class);
  }
}
