package io.sandboxegress.policyreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sandboxegress.api.Expectation;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.testing.SandboxEgresses;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a SandboxEgress's status becomes in its PolicyReport. */
class ProbeReportTest {

  private static final String PYPI = "https://pypi.org/simple/";
  private static final String METADATA = "http://169.254.169.254/latest/meta-data/";
  private static final String GITHUB = "https://github.com/";
  private static final String NEW = "https://example.org/";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final SandboxEgress cr = cr(PYPI, METADATA, GITHUB, NEW);

  @Test
  void eachTargetIsOneResultPassFailErrorOrSkipWithReasonAndDetailInItsMessage() {
    ProbeReport report = ProbeReport.of(cr, status(
        probe(PYPI, "Reachable", "Reachable", "HttpResponse", "Pass", "HTTP 200 in 84 ms via 151.101.0.223", null),
        probe(METADATA, "Blocked", "Reachable", "HttpResponse", "Fail", "HTTP 200 in 2 ms",
            "NetworkPolicy agents/allow-all allows egress to every destination"),
        probe(GITHUB, "Reachable", "Error", "ProbeError", "Fail", "the probe pod reported no result", null)));

    assertThat(report.results()).extracting(ReportResult::rule, ReportResult::result, ReportResult::severity)
        .containsExactly(
            tuple(PYPI, "pass", "medium"),
            tuple(METADATA, "fail", "high"),
            tuple(GITHUB, "error", "medium"),
            tuple(NEW, "skip", "medium"));
    assertThat(report.results()).extracting(ReportResult::message).containsExactly(
        "expected Reachable, observed Reachable (HttpResponse): HTTP 200 in 84 ms via 151.101.0.223",
        "expected Blocked, observed Reachable (HttpResponse): HTTP 200 in 2 ms; likely cause: NetworkPolicy"
            + " agents/allow-all allows egress to every destination",
        "expected Reachable, observed Error (ProbeError): the probe pod reported no result",
        "expected Reachable, not probed yet");
    assertThat(report.results().get(1).properties()).containsEntry("expect", "Blocked")
        .containsEntry("outcome", "Reachable").containsEntry("reason", "HttpResponse")
        .containsEntry("cause", "NetworkPolicy agents/allow-all allows egress to every destination");
    assertThat(report.results()).allSatisfy(r -> {
      assertThat(r.policy()).isEqualTo("sandbox-egress");
      assertThat(r.source()).isEqualTo("sandbox-egress-operator");
      assertThat(r.category()).isEqualTo("Egress");
    });
    assertThat(report.summary()).isEqualTo(new ReportSummary(1, 1, 0, 1, 1));
  }

  @Test
  void theTimestampIsWhenTheTargetWasProbedAndTheScopeIsTheSandboxEgress() {
    ProbeReport report = ProbeReport.of(cr, status(
        probe(PYPI, "Reachable", "Reachable", "HttpResponse", "Pass", "HTTP 200", null)));

    assertThat(report.results().get(0).timestamp()).isEqualTo(new ReportResult.Timestamp(1738324800L, 0));
    assertThat(report.results().get(1).timestamp()).as("not probed yet").isNull();
    assertThat(report.scope().getKind()).isEqualTo("SandboxEgress");
    assertThat(report.scope().getApiVersion()).isEqualTo("sandboxegress.io/v1alpha1");
    assertThat(report.scope().getNamespace()).isEqualTo("team-a");
    assertThat(report.scope().getName()).isEqualTo("agents");
    assertThat(report.scope().getUid()).isEqualTo("uid-1");
  }

  @Test
  void noStatusYetReportsEveryTargetAsSkippedAndNoTargetsAnEmptyReport() {
    assertThat(ProbeReport.of(cr, null).results()).extracting(ReportResult::result)
        .containsExactly("skip", "skip", "skip", "skip");
    ProbeReport none = ProbeReport.of(cr(), new SandboxEgressStatus());
    assertThat(none.results()).isEmpty();
    assertThat(none.summary()).isEqualTo(new ReportSummary(0, 0, 0, 0, 0));
  }

  @Test
  void theSameStatusGivesTheSameReportAndAChangedVerdictADifferentOne() {
    var pass = PolicyReportResource.of(cr, ProbeReport.of(cr, status(
        probe(PYPI, "Reachable", "Reachable", "HttpResponse", "Pass", "HTTP 200", null))), JSON);
    var again = PolicyReportResource.of(cr, ProbeReport.of(cr, status(
        probe(PYPI, "Reachable", "Reachable", "HttpResponse", "Pass", "HTTP 200", null))), JSON);
    var fail = PolicyReportResource.of(cr, ProbeReport.of(cr, status(
        probe(PYPI, "Reachable", "Blocked", "EnvoyBlackhole", "Fail", "502 from envoy", null))), JSON);
    // as the API server returns it: parsed from JSON, numbers as whatever type fits
    var live = JSON.unmarshal(JSON.asJson(pass), GenericKubernetesResource.class);

    assertThat(PolicyReportResource.upToDate(live, again, JSON)).isTrue();
    assertThat(PolicyReportResource.upToDate(live, fail, JSON)).isFalse();
    assertThat(PolicyReportResource.upToDate(null, again, JSON)).isFalse();
    live.getMetadata().setOwnerReferences(List.of());
    assertThat(PolicyReportResource.upToDate(live, again, JSON)).as("no longer owned").isFalse();
  }

  @Test
  void theObjectIsNamedAfterTheSandboxEgressOwnedByItAndLabelledAsTheOperators() {
    var resource = PolicyReportResource.of(cr, ProbeReport.of(cr, null), JSON);

    assertThat(resource.getApiVersion()).isEqualTo("wgpolicyk8s.io/v1alpha2");
    assertThat(resource.getKind()).isEqualTo("PolicyReport");
    assertThat(resource.getMetadata().getName()).isEqualTo("agents");
    assertThat(resource.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(resource.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "sandbox-egress-operator")
        .containsEntry("sandboxegress.io/owner", "agents");
    assertThat(resource.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getKind()).isEqualTo("SandboxEgress");
      assertThat(ref.getUid()).isEqualTo("uid-1");
      assertThat(ref.getController()).isTrue();
    });
    assertThat(resource.<Map<String, Object>>get("summary")).containsEntry("skip", 4);
  }

  private static SandboxEgress cr(String... targets) {
    StringBuilder spec = new StringBuilder("podSelector: {matchLabels: {app: agents}}\npolicy: DenyAll\n");
    if (targets.length > 0) {
      spec.append("probes:\n  targets:\n");
      for (String target : targets) {
        spec.append("    - {url: \"").append(target).append("\"")
            .append(target.equals(METADATA) ? ", expect: Blocked" : "").append("}\n");
      }
    }
    SandboxEgress cr = SandboxEgresses.parse("team-a", "agents", spec.toString());
    cr.getMetadata().setUid("uid-1");
    return cr;
  }

  private static SandboxEgressStatus status(ProbeStatus... probes) {
    SandboxEgressStatus status = new SandboxEgressStatus();
    status.setProbes(List.of(probes));
    return status;
  }

  private static ProbeStatus probe(String target, String expect, String outcome, String reason, String verdict,
      String detail, String cause) {
    ProbeStatus probe = new ProbeStatus();
    probe.setTarget(target);
    probe.setExpect(Expectation.valueOf(expect));
    probe.setOutcome(outcome);
    probe.setReason(reason);
    probe.setVerdict(verdict);
    probe.setDetail(detail);
    probe.setCause(cause);
    probe.setCheckedAt("2025-01-31T12:00:00Z");
    return probe;
  }
}
