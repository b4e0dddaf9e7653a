package io.sandboxegress.packaging;

import static io.sandboxegress.packaging.ClusterWideRbacTest.forbidden;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chart's RBAC with {@code watchNamespaces} (and an egress gateway namespace): the operator's
 * ServiceAccount writes in the watched namespaces only, manages only gateway objects in the gateway's
 * namespace, and elsewhere reads nothing but namespaces, CRDs and NetworkPolicies.
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchNamespacesRbacTest {

  private final KubernetesClient admin;
  private final String release;
  private final String watched;
  private final String gateway;
  private final String other;
  private KubernetesClient operator;

  WatchNamespacesRbacTest(KubernetesClient admin, TestNamespace ns) {
    this.admin = admin;
    this.release = ns.name();
    this.watched = ns.name() + "-team";
    this.gateway = ns.name() + "-egress";
    this.other = ns.name() + "-other";
  }

  @BeforeAll
  void installRbac(ApiServer server) {
    Installed.ensureNamespace(admin, watched, Map.of("istio-injection", "enabled"));
    for (String namespace : List.of(gateway, other)) {
      Installed.ensureNamespace(admin, namespace, Map.of());
    }
    Chart.Rendered rendered = Chart.render(release, release, Map.of(
        "watchNamespaces[0]", watched,
        "istio.egressGatewayNamespaces[0]", gateway,
        "istio.readMeshConfig", false));
    Installed.apply(admin, rendered.objects().stream()
        .filter(o -> List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")
            .contains(o.get("kind")))
        .toList());
    operator = Installed.as(server, release,
        Maps.string(rendered.ofKind("ServiceAccount").get(0), "metadata", "name"));
  }

  @AfterAll
  void closeClient() {
    operator.close();
  }

  @Test
  void accessReviewsGrantWritesInTheWatchedNamespacesOnly() {
    List<String> mismatches = Installed.accessMismatches(operator,
        List.of("", release, watched, gateway, other, "istio-system"), namespace -> {
          Permissions granted = Permissions.CLUSTER;
          if (namespace.equals(watched)) {
            granted = granted.plus(Permissions.MANAGED);
          }
          if (namespace.equals(gateway)) {
            granted = granted.plus(Permissions.EGRESS_GATEWAY);
          }
          if (namespace.equals(release)) {
            granted = granted.plus(Permissions.LEADER_ELECTION);
          }
          return granted;
        });

    assertThat(mismatches).isEmpty();
  }

  @Test
  void theOperatorRunningAsItsServiceAccountReconcilesInAWatchedNamespace() {
    Installed.operatorReconcilesToReady(admin, operator, release, watched);
  }

  @Test
  void otherNamespacesCannotBeTouched() {
    NetworkPolicy policy = new NetworkPolicyBuilder().withNewMetadata().withName("probe").endMetadata()
        .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Egress").endSpec().build();

    assertThat(operator.network().v1().networkPolicies().inNamespace(watched).resource(policy).create()).isNotNull();
    forbidden(() -> operator.network().v1().networkPolicies().inNamespace(other).resource(policy).create());
    // the egress gateway's own floor: a NetworkPolicy in the gateway's namespace
    assertThat(operator.network().v1().networkPolicies().inNamespace(gateway).resource(policy).create()).isNotNull();
    forbidden(() -> operator.pods().inNamespace(other).list());
    forbidden(() -> operator.pods().inAnyNamespace().list());
    forbidden(() -> operator.v1().events().inNamespace(other).list());
    forbidden(() -> operator.resources(SandboxEgress.class).inAnyNamespace().list());
    forbidden(() -> operator.configMaps().inNamespace("istio-system").list());
    // Conflict detection may still read NetworkPolicies everywhere, and nothing else.
    assertThat(operator.network().v1().networkPolicies().inNamespace(other).list()).isNotNull();
  }
}
