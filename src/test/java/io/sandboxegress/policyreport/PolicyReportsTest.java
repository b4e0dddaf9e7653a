package io.sandboxegress.policyreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.Kubelet;
import io.sandboxegress.testing.PolicyReportCrd;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator writing PolicyReports into the real API server, with the Policy WG's own CRD
 * installed (or not). The test plays the kubelet for the probe pods, as in the other probe tests.
 * The CRD is cluster-wide: each test installs or removes it as it needs, and the class removes it
 * at the end.
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyReportsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(45);
  private static final Duration RESYNC = Duration.ofSeconds(2);
  private static final String PYPI = "https://pypi.org/simple/";
  private static final String METADATA = "http://169.254.169.254/latest/meta-data/";

  private final KubernetesClient client;
  private final ApiServer server;
  private final String ns;

  PolicyReportsTest(KubernetesClient client, ApiServer server, TestNamespace ns) {
    this.client = client;
    this.server = server;
    this.ns = ns.name();
  }

  @BeforeAll
  void sandboxIdentity() {
    client.resource(new RuntimeClassBuilder().withNewMetadata().withName("gvisor").endMetadata()
        .withHandler("runsc").build()).serverSideApply();
    client.resource(new ServiceAccountBuilder().withNewMetadata().withName("sandbox").withNamespace(ns)
        .endMetadata().build()).create();
  }

  @AfterAll
  void removeTheCrd() {
    removeCrd();
  }

  @Test
  void verdictsBecomeAReportWithOneResultPerTargetUpdatedWhenTheyChangeAndNotRewrittenAtResync() {
    installCrd();
    try (RunningOperator operator = RunningOperator.start(server, config(true))) {
      apply("agents", 1);
      Kubelet.probeFinished(client, awaitProbePod("agents"), """
          [{"target":"%s","outcome":"Reachable","reason":"HttpResponse","detail":"HTTP 200 in 84 ms","latencyMillis":84},
           {"target":"%s","outcome":"Reachable","reason":"HttpResponse","detail":"HTTP 200 in 2 ms","latencyMillis":2}]
          """.formatted(PYPI, METADATA));

      GenericKubernetesResource report = awaitReport("agents", r -> assertThat(summary(r))
          .containsEntry("pass", 1).containsEntry("fail", 1));
      assertThat(results(report)).extracting(r -> r.get("rule"), r -> r.get("result"))
          .containsExactly(tuple(PYPI, "pass"), tuple(METADATA, "fail"));
      assertThat(results(report).get(0)).containsEntry("message",
          "expected Reachable, observed Reachable (HttpResponse): HTTP 200 in 84 ms");
      // a failure carries the likely cause the operator found, as status.probes does
      assertThat((String) results(report).get(1).get("message"))
          .startsWith("expected Blocked, observed Reachable (HttpResponse): HTTP 200 in 2 ms; likely cause: ")
          .isEqualTo("expected Blocked, observed Reachable (HttpResponse): HTTP 200 in 2 ms; likely cause: "
              + cr().getStatus().getProbes().get(1).getCause());
      assertThat(results(report).get(1)).containsEntry("severity", "high");
      assertThat(results(report)).allSatisfy(r -> assertThat(r)
          .containsEntry("policy", "sandbox-egress").containsEntry("source", "sandbox-egress-operator"));
      assertThat(report.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "sandbox-egress-operator");
      assertThat(report.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(cr().getMetadata().getUid()));
      assertThat(report.<Map<String, Object>>get("scope")).containsEntry("kind", "SandboxEgress")
          .containsEntry("name", "agents");

      // steady state: resyncs reconcile, nothing about the report is written again
      await().atMost(DEADLINE).until(() -> probePod("agents") == null);
      operator.clearWrites();
      int before = operator.reconciliations();
      await().during(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(6)).untilAsserted(() ->
          assertThat(operator.writes()).noneMatch(w -> w.contains("/policyreports")));
      assertThat(operator.reconciliations()).as("resyncs happened").isGreaterThanOrEqualTo(before + 2);

      // a new probe run (a changed probe setting) with the hole closed: the report follows
      apply("agents", 2);
      Kubelet.probeFinished(client, awaitProbePod("agents"), """
          [{"target":"%s","outcome":"Reachable","reason":"HttpResponse","detail":"HTTP 200 in 80 ms","latencyMillis":80},
           {"target":"%s","outcome":"Blocked","reason":"ConnectTimeout","detail":"no connection within 2 s","latencyMillis":2000}]
          """.formatted(PYPI, METADATA));
      GenericKubernetesResource updated = awaitReport("agents", r -> assertThat(summary(r))
          .containsEntry("pass", 2).containsEntry("fail", 0));
      assertThat(results(updated)).extracting(r -> r.get("rule"), r -> r.get("result"))
          .containsExactly(tuple(PYPI, "pass"), tuple(METADATA, "pass"));
    }
  }

  @Test
  void withoutTheFlagNoReportIsWritten() {
    installCrd();
    try (RunningOperator operator = RunningOperator.start(server, config(false))) {
      apply("quiet", 1);
      Kubelet.probeFinished(client, awaitProbePod("quiet"), """
          [{"target":"%s","outcome":"Reachable","reason":"HttpResponse","detail":"HTTP 200","latencyMillis":84},
           {"target":"%s","outcome":"Blocked","reason":"ConnectTimeout","detail":"timeout","latencyMillis":1000}]
          """.formatted(PYPI, METADATA));

      SandboxEgresses.awaitCondition(client, ns, "quiet", "Verified", "True", DEADLINE);

      assertThat(report("quiet")).isNull();
      assertThat(operator.writes()).noneMatch(w -> w.contains("/policyreports"));
    }
  }

  @Test
  void withoutTheCrdTheSandboxEgressStillBecomesReadyTheWarningIsSaidOnceAndReportsFollowTheCrd() {
    removeCrd();
    try (RunningOperator operator = RunningOperator.start(server, config(true))) {
      apply("early", 1);
      Kubelet.probeFinished(client, awaitProbePod("early"), """
          [{"target":"%s","outcome":"Reachable","reason":"HttpResponse","detail":"HTTP 200","latencyMillis":84},
           {"target":"%s","outcome":"Blocked","reason":"ConnectTimeout","detail":"timeout","latencyMillis":1000}]
          """.formatted(PYPI, METADATA));

      SandboxEgresses.awaitReady(client, ns, "early", DEADLINE);
      await().atMost(DEADLINE).untilAsserted(() -> assertThat(SandboxEgresses.events(client, ns, "early"))
          .filteredOn(e -> "PolicyReportCrdMissing".equals(e.getReason()))
          .singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("wgpolicyk8s.io/v1alpha2 PolicyReport");
            assertThat(e.getCount()).isEqualTo(1);
          }));
      // resyncs find the CRD still missing: no further write is tried, nor said again
      operator.clearWrites();
      int before = operator.reconciliations();
      await().atMost(DEADLINE).until(() -> operator.reconciliations() >= before + 2);
      assertThat(operator.writes()).noneMatch(w -> w.contains("/policyreports"));
      assertThat(SandboxEgresses.events(client, ns, "early"))
          .filteredOn(e -> "PolicyReportCrdMissing".equals(e.getReason()))
          .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));

      installCrd();
      GenericKubernetesResource report = awaitReport("early", r -> assertThat(summary(r)).containsEntry("pass", 2));
      assertThat(results(report)).extracting(r -> r.get("rule")).containsExactly(PYPI, METADATA);
    }
  }

  private SandboxEgress cr() {
    return SandboxEgresses.get(client, ns, "agents");
  }

  private OperatorConfig config(boolean policyReports) {
    return new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(ns),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")), RESYNC,
        new ProbeSettings("registry.example/sandbox-egress-operator:1.0", Duration.ofSeconds(30)), null)
        .withPolicyReports(policyReports);
  }

  private void apply(String name, int timeoutSeconds) {
    SandboxEgresses.apply(client, ns, name, """
        podSelector: {matchLabels: {app: %s}}
        allow: [{host: pypi.org}]
        probes:
          timeoutSeconds: %d
          runtimeClassName: gvisor
          serviceAccountName: sandbox
          targets:
            - {url: "%s", expect: Reachable}
            - {url: "%s", expect: Blocked}
        """.formatted(name, timeoutSeconds, PYPI, METADATA));
  }

  private Pod awaitProbePod(String owner) {
    await().atMost(DEADLINE).until(() -> probePod(owner) != null);
    return probePod(owner);
  }

  private Pod probePod(String owner) {
    return client.pods().inNamespace(ns).withLabel("sandboxegress.io/probe", "true")
        .withLabel("sandboxegress.io/owner", owner).list().getItems().stream()
        .filter(p -> p.getStatus() == null || !"Succeeded".equals(p.getStatus().getPhase()))
        .findFirst().orElse(null);
  }

  private GenericKubernetesResource awaitReport(String name,
      org.assertj.core.api.ThrowingConsumer<GenericKubernetesResource> expected) {
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(report(name)).isNotNull().satisfies(expected));
    return report(name);
  }

  private GenericKubernetesResource report(String name) {
    if (!PolicyReportCrd.installed(client)) {
      return null;
    }
    return client.genericKubernetesResources(PolicyReportResource.DEFINITION).inNamespace(ns).withName(name).get();
  }

  private static Map<String, Object> summary(GenericKubernetesResource report) {
    return report.get("summary");
  }

  private static List<Map<String, Object>> results(GenericKubernetesResource report) {
    return report.get("results");
  }

  private void installCrd() {
    PolicyReportCrd.install(client);
  }

  private void removeCrd() {
    PolicyReportCrd.remove(client);
  }
}
