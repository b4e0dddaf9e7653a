package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.Expectation;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.policyreport.PolicyReportResource;
import io.sandboxegress.policyreport.PolicyReportWriter;
import io.sandboxegress.reconcile.SandboxEgressReconciler;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.PolicyReportCrd;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chart's RBAC with {@code policyReports.enabled}, installed into the real API server with the
 * Policy WG's PolicyReport CRD: the operator's ServiceAccount may read and server-side apply
 * PolicyReports, and do nothing more with them. (With the default values the access reviews of
 * {@link ClusterWideRbacTest} find every PolicyReport verb denied.)
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyReportRbacTest {

  private final KubernetesClient admin;
  private final String release;
  private final String sandboxes;
  private KubernetesClient operator;

  PolicyReportRbacTest(KubernetesClient admin, TestNamespace ns) {
    this.admin = admin;
    this.release = ns.name();
    this.sandboxes = ns.name() + "-sbx";
  }

  @BeforeAll
  void installRbacAndCrd(ApiServer server) {
    PolicyReportCrd.install(admin);
    Installed.ensureNamespace(admin, "istio-system", Map.of());
    Installed.ensureNamespace(admin, sandboxes, Map.of());
    Chart.Rendered rendered = Chart.render(release, release, Map.of("policyReports.enabled", true));
    Installed.apply(admin, rendered.objects().stream()
        .filter(o -> List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")
            .contains(o.get("kind")))
        .toList());
    operator = Installed.as(server, release, Maps.string(rendered.ofKind("ServiceAccount").get(0), "metadata", "name"));
  }

  @AfterAll
  void removeCrdAndClient() {
    operator.close();
    PolicyReportCrd.remove(admin);
  }

  @Test
  void accessReviewsGrantGetAndPatchOnPolicyReportsAndNothingElseOnThem() {
    List<String> mismatches = new ArrayList<>();
    for (String namespace : List.of("", release, sandboxes)) {
      for (String verb : Permissions.ALL_VERBS) {
        boolean want = Permissions.POLICY_REPORTS.allows("wgpolicyk8s.io", "policyreports", verb);
        if (want != Installed.can(operator, "wgpolicyk8s.io", "policyreports", verb, namespace)) {
          mismatches.add(verb + " in " + (namespace.isEmpty() ? "cluster scope" : namespace) + ": expected "
              + (want ? "allowed" : "denied"));
        }
      }
    }

    assertThat(mismatches).isEmpty();
  }

  @Test
  void theOperatorsWriterAsItsServiceAccountCreatesAndUpdatesAReport() {
    SandboxEgress cr = SandboxEgresses.apply(admin, sandboxes, "agents", """
        podSelector: {matchLabels: {app: agents}}
        policy: DenyAll
        probes:
          targets: [{url: "https://pypi.org/simple/", expect: Blocked}]
        """);
    List<String> warnings = new ArrayList<>();
    PolicyReportWriter writer = new PolicyReportWriter(operator, SandboxEgressReconciler.FIELD_MANAGER,
        (regarding, reason, message) -> warnings.add(reason + ": " + message));

    writer.write(cr, null);
    assertThat(results()).extracting(r -> r.get("result")).containsExactly("skip");

    writer.write(cr, status("Blocked", "ConnectTimeout", "Pass"));
    assertThat(results()).extracting(r -> r.get("result")).containsExactly("pass");
    assertThat(warnings).isEmpty();
  }

  private List<Map<String, Object>> results() {
    GenericKubernetesResource report = admin.genericKubernetesResources(PolicyReportResource.DEFINITION)
        .inNamespace(sandboxes).withName("agents").get();
    assertThat(report).as("the report, written as the operator's ServiceAccount").isNotNull();
    return report.get("results");
  }

  private static SandboxEgressStatus status(String outcome, String reason, String verdict) {
    ProbeStatus probe = new ProbeStatus();
    probe.setTarget("https://pypi.org/simple/");
    probe.setExpect(Expectation.Blocked);
    probe.setOutcome(outcome);
    probe.setReason(reason);
    probe.setVerdict(verdict);
    probe.setDetail("no connection within 5 s");
    probe.setCheckedAt("2025-01-31T12:00:00Z");
    SandboxEgressStatus status = new SandboxEgressStatus();
    status.setProbes(List.of(probe));
    return status;
  }
}
