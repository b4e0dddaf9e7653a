package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rendered chart is accepted by a real API server: every object, with every optional part on,
 * server-side applied (the SandboxEgress through the CRD's own validation); the operator's pod
 * passes the restricted Pod Security Standard; and {@code kubectl apply -k operator/} installs.
 *
 * <p>The CRD itself comes from {@code crd/}, which the suite's server installs at start, and which
 * the chart's {@code crds/} equals byte for byte (ChartRenderTest). ServiceMonitor: a minimal CRD
 * for {@code monitoring.coreos.com/v1 ServiceMonitor} is installed (its schema preserves unknown
 * fields, so the object is checked for kind, version and scope, not for its spec).
 */
@WithApiServer
class ChartInstallTest {

  @Test
  void everyRenderedObjectIsAcceptedByServerSideApply(KubernetesClient admin, TestNamespace ns) {
    String daytona = ns.name() + "-daytona";
    Installed.ensureNamespace(admin, daytona, Map.of());
    Installed.ensureNamespace(admin, "istio-system", Map.of());
    installServiceMonitorCrd(admin);
    Chart.Rendered rendered = Chart.render(ns.name(), ns.name(), Map.of(
        "metrics.serviceMonitor.enabled", true,
        "daytona.sandboxEgress.enabled", true,
        "daytona.sandboxEgress.namespace", daytona,
        "cluster.podCidrs[0]", "10.244.0.0/16",
        "cluster.serviceCidrs[0]", "10.96.0.0/12"));
    assertThat(rendered.kinds()).contains("ServiceMonitor", "SandboxEgress", "Deployment", "Service");

    List<HasMetadata> applied = Installed.apply(admin, rendered.objects());

    assertThat(applied).hasSameSizeAs(rendered.objects());
    for (HasMetadata object : applied) {
      assertThat(admin.resource(object).get()).as("%s %s", object.getKind(), object.getMetadata().getName())
          .isNotNull();
    }
    GenericKubernetesResource sandboxEgress = admin.genericKubernetesResources("sandboxegress.io/v1alpha1",
        "SandboxEgress").inNamespace(daytona).withName("agents").get();
    assertThat(Maps.list(sandboxEgress.getAdditionalProperties(), "spec", "allow")).hasSize(5);
  }

  @Test
  void theOperatorsPodPassesTheRestrictedPodSecurityStandard(KubernetesClient admin, TestNamespace ns) {
    String restricted = ns.name() + "-restricted";
    Installed.ensureNamespace(admin, restricted, Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    Chart.Rendered rendered = Chart.render(ns.name(), restricted, Map.of());
    Installed.apply(admin, rendered.ofKind("ServiceAccount"));
    PodTemplateSpec template = admin.getKubernetesSerialization()
        .convertValue(rendered.ofKind("Deployment").get(0), Deployment.class).getSpec().getTemplate();

    Pod pod = admin.pods().inNamespace(restricted).resource(podFrom(template, "operator")).create();
    assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

    // The namespace does enforce: the same pod without its security context is refused.
    template.getSpec().setSecurityContext(null);
    template.getSpec().getContainers().get(0).setSecurityContext(null);
    assertThatThrownBy(() -> admin.pods().inNamespace(restricted).resource(podFrom(template, "unhardened")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class,
            e -> assertThat(e.getMessage()).contains("violates PodSecurity \"restricted"));
  }

  @Test
  void kubectlAppliesThePlainManifests(ApiServer server, KubernetesClient admin) throws Exception {
    Installed.ensureNamespace(admin, "istio-system", Map.of());
    Process kubectl = new ProcessBuilder(server.local().kubectl().toString(),
        "--kubeconfig", server.local().kubeconfig().toString(),
        "apply", "--server-side", "--field-manager", Installed.FIELD_MANAGER, "-k",
        ApiServer.projectRoot().resolve("operator").toString())
        .redirectErrorStream(true).start();
    String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(kubectl.exitValue()).as(output).isZero();
    assertThat(output).contains("namespace/sandbox-egress-system serverside-applied",
        "deployment.apps/sandbox-egress-operator serverside-applied",
        "clusterrole.rbac.authorization.k8s.io/sandbox-egress-operator-manage serverside-applied");
    assertThat(admin.apps().deployments().inNamespace("sandbox-egress-system").withName("sandbox-egress-operator")
        .get().getSpec().getReplicas()).isEqualTo(2);
  }

  private static Pod podFrom(PodTemplateSpec template, String name) {
    Pod pod = new Pod();
    pod.setMetadata(new ObjectMetaBuilder(template.getMetadata()).withName(name).build());
    pod.setSpec(template.getSpec());
    return pod;
  }

  private static void installServiceMonitorCrd(KubernetesClient admin) {
    Installed.apply(admin, Chart.documents("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: servicemonitors.monitoring.coreos.com
        spec:
          group: monitoring.coreos.com
          scope: Namespaced
          names: {kind: ServiceMonitor, listKind: ServiceMonitorList, plural: servicemonitors, singular: servicemonitor}
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """));
    admin.apiextensions().v1().customResourceDefinitions().withName("servicemonitors.monitoring.coreos.com")
        .waitUntilCondition(crd -> crd.getStatus() != null && crd.getStatus().getConditions() != null
            && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())), 30, TimeUnit.SECONDS);
  }
}
