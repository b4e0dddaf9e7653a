package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.reconcile.EventRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.reconcile.LeaderElection;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.reconcile.SandboxEgressOperator;
import io.sandboxegress.testing.ApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Putting rendered chart objects into the suite's API server, and acting as the operator's account. */
final class Installed {

  static final String FIELD_MANAGER = "chart-test";

  private Installed() {}

  /** Server-side applies each object, as {@code kubectl apply --server-side} would. */
  static List<HasMetadata> apply(KubernetesClient admin, List<Map<String, Object>> objects) {
    List<HasMetadata> applied = new ArrayList<>();
    for (Map<String, Object> object : objects) {
      GenericKubernetesResource resource =
          admin.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
      applied.add(admin.resource(resource).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
    }
    return applied;
  }

  static void ensureNamespace(KubernetesClient admin, String name, Map<String, String> labels) {
    admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build())
        .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  /**
   * A client that authenticates as the suite's admin and impersonates the ServiceAccount: the API
   * server authorizes every request as that account (with its groups), exactly as in a pod.
   */
  static KubernetesClient as(ApiServer server, String namespace, String serviceAccount) {
    Config config = Config.fromKubeconfig(server.local().kubeconfigYaml());
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static final Set<String> CLUSTER_SCOPED = Set.of("namespaces", "customresourcedefinitions",
      "nodes", "clusterroles", "validatingwebhookconfigurations");

  /**
   * Asks the API server, for every resource the operator is granted or must be refused and every
   * verb, in each namespace ("" = cluster scope: cluster-scoped resources and all-namespace
   * requests), whether the client may; returns each answer that differs from {@code expected}.
   */
  static List<String> accessMismatches(KubernetesClient client, List<String> namespaces,
      Function<String, Permissions> expected) {
    Set<List<String>> resources = new LinkedHashSet<>();
    for (Permissions set : List.of(Permissions.CLUSTER, Permissions.MANAGED, Permissions.EGRESS_GATEWAY,
        Permissions.LEADER_ELECTION, Permissions.MESH_CONFIG)) {
      set.all().forEach(p -> resources.add(List.of(p.group(), p.resource())));
    }
    Permissions.PROBES_FOR_DENIAL.forEach(p -> resources.add(List.of(p.group(), p.resource())));
    List<String> mismatches = new ArrayList<>();
    for (String namespace : namespaces) {
      Permissions granted = expected.apply(namespace);
      for (List<String> resource : resources) {
        boolean clusterScoped = CLUSTER_SCOPED.contains(resource.get(1));
        if (clusterScoped && !namespace.isEmpty()) {
          continue;
        }
        for (String verb : Permissions.ALL_VERBS) {
          boolean want = granted.allows(resource.get(0), resource.get(1), verb);
          boolean got = can(client, resource.get(0), resource.get(1), verb, namespace);
          if (want != got) {
            mismatches.add((got ? "allowed but not expected: " : "denied but expected: ")
                + new Permissions.Permission(resource.get(0), resource.get(1), verb)
                + " in " + (namespace.isEmpty() ? "cluster scope" : namespace));
          }
        }
      }
    }
    return mismatches;
  }

  /**
   * Runs the operator in-process on the given (impersonating) client, watching one namespace, and
   * waits until a SandboxEgress there, in the sidecar mesh, is Ready for its generation with its
   * NetworkPolicy, Sidecar and ServiceEntry applied and Events recorded: every API call the
   * reconciler makes went through the ServiceAccount's RBAC.
   */
  static void operatorReconcilesToReady(KubernetesClient admin, KubernetesClient operatorClient,
      String operatorNamespace, String sandboxNamespace) {
    OperatorConfig config = new OperatorConfig(
        operatorNamespace, Set.of(), Set.of(sandboxNamespace),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")),
        Duration.ofSeconds(5), ProbeSettings.defaults(),
        // with leader election, so the Lease rules are exercised too (a Lease of its own: other
        // tests hold the default one)
        new LeaderElection(operatorNamespace, "rbac-test-election", Duration.ofSeconds(15),
            Duration.ofSeconds(10), Duration.ofSeconds(2), false));
    try (var operator = SandboxEgressOperator.start(operatorClient, config, "rbac-test",
        new OperatorMetrics(new SimpleMeterRegistry()))) {
      var cr = Serialization.unmarshal("""
          apiVersion: sandboxegress.io/v1alpha1
          kind: SandboxEgress
          metadata:
            name: agents
          spec:
            podSelector: {matchLabels: {app: sandbox}}
            allow:
              - host: pypi.org
              - cidr: 140.82.112.0/20
                ports: [{number: 22, protocol: TCP}]
          """, SandboxEgress.class);
      admin.resource(cr).inNamespace(sandboxNamespace).fieldManager(FIELD_MANAGER).serverSideApply();

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        var current = admin.resources(SandboxEgress.class).inNamespace(sandboxNamespace)
            .withName("agents").get();
        assertThat(current.getStatus()).isNotNull();
        assertThat(current.getStatus().getObservedGeneration())
            .isEqualTo(current.getMetadata().getGeneration());
        assertThat(current.getStatus().getConditions())
            .anySatisfy(c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
      });
      assertThat(
          admin.network().v1().networkPolicies().inNamespace(sandboxNamespace).list().getItems()).isNotEmpty();
      assertThat(admin.resources(Sidecar.class)
          .inNamespace(sandboxNamespace).list().getItems()).isNotEmpty();
      assertThat(admin.resources(ServiceEntry.class)
          .inNamespace(sandboxNamespace).list().getItems()).isNotEmpty();
      assertThat(admin.v1().events().inNamespace(sandboxNamespace).list().getItems())
          .anySatisfy(e -> assertThat(e.getReportingComponent())
              .isEqualTo(EventRecorder.COMPONENT));
    }
  }

  /** Whether the client's identity may do VERB on GROUP/RESOURCE[/SUBRESOURCE] in NAMESPACE ("" = cluster). */
  static boolean can(KubernetesClient client, String group, String resource, String verb, String namespace) {
    String[] parts = resource.split("/", 2);
    SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
        new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
            .withGroup(group)
            .withResource(parts[0])
            .withSubresource(parts.length > 1 ? parts[1] : null)
            .withVerb(verb)
            .withNamespace(namespace.isEmpty() ? null : namespace)
            .endResourceAttributes().endSpec().build());
    return Boolean.TRUE.equals(review.getStatus().getAllowed());
  }
}
