package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.Kubelet;
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
 * Probe pods against the real API server. There is no kubelet: the test plays it, writing the
 * probe container's terminated state and termination message as a kubelet would.
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbePodTest {

  private static final Duration DEADLINE = Duration.ofSeconds(45);
  /** Long enough for the test to play the kubelet on a loaded machine, short enough to wait out. */
  private static final Duration STARTUP_ALLOWANCE = Duration.ofSeconds(12);
  private static final String PYPI = "https://pypi.org/simple/";
  private static final String METADATA = "http://169.254.169.254/latest/meta-data/";

  private final KubernetesClient client;
  private final String ns;
  private RunningOperator operator;

  ProbePodTest(KubernetesClient client, TestNamespace ns) {
    this.client = client;
    this.ns = ns.name();
  }

  @BeforeAll
  void startOperator(ApiServer server) {
    client.resource(new RuntimeClassBuilder().withNewMetadata().withName("gvisor").endMetadata()
        .withHandler("runsc").build()).serverSideApply();
    client.resource(new ServiceAccountBuilder().withNewMetadata().withName("sandbox").withNamespace(ns)
        .endMetadata().build()).create();
    operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(ns),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")),
        Duration.ofMinutes(5), new ProbeSettings("registry.example/sandbox-egress-operator:1.0", STARTUP_ALLOWANCE), null));
  }

  @AfterAll
  void stopOperator() {
    operator.close();
  }

  @Test
  void theProbePodRunsAsASandboxAndItsResultsBecomeStatusAndVerdicts() {
    addSandbox("sandbox-1", "agents");
    apply("agents", "agents", List.of(PYPI + "|Reachable", METADATA + "|Blocked"));

    Pod probe = awaitProbePod("agents");
    assertThat(probe.getMetadata().getLabels())
        .containsEntry("app", "agents").containsEntry("sandboxegress.io/probe", "true");
    assertThat(probe.getSpec().getServiceAccountName()).isEqualTo("sandbox");
    assertThat(probe.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
    assertThat(probe.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(probe.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(probe.getSpec().getActiveDeadlineSeconds()).isEqualTo(2 * 1 + STARTUP_ALLOWANCE.toSeconds());
    var container = probe.getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.example/sandbox-egress-operator:1.0");
    assertThat(container.getArgs()).containsSubsequence("probe", "--timeout-seconds", "1")
        .contains("--target", PYPI, METADATA);
    assertThat(container.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(9);
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits().get("memory")).isEqualTo(new Quantity("192Mi"));
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(probe.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("agents"));
    // the status follows the probe pod's creation in the same reconciliation
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(get("agents").getStatus()).isNotNull()
        .satisfies(status -> assertThat(status.getConditions()).anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("Verified");
          assertThat(c.getStatus()).isEqualTo("Unknown");
        })));

    terminate(probe, """
        [{"target":"%s","outcome":"Reachable","reason":"HttpResponse","detail":"HTTP 200 in 84 ms via 151.101.0.223","latencyMillis":84},
         {"target":"%s","outcome":"Blocked","reason":"ConnectTimeout","detail":"no connection within 1 s","latencyMillis":1000}]
        """.formatted(PYPI, METADATA));

    SandboxEgress verified = awaitCondition("agents", "Verified", "True");
    assertThat(verified.getStatus().getProbes()).extracting(ProbeStatus::getTarget, ProbeStatus::getOutcome,
            ProbeStatus::getReason, ProbeStatus::getVerdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(PYPI, "Reachable", "HttpResponse", "Pass"),
            org.assertj.core.groups.Tuple.tuple(METADATA, "Blocked", "ConnectTimeout", "Pass"));
    assertThat(verified.getStatus().getProbes().get(0).getDetail()).isEqualTo("HTTP 200 in 84 ms via 151.101.0.223");
    assertThat(verified.getStatus().getProbes()).allSatisfy(p -> assertThat(p.getCheckedAt()).isNotBlank());
    assertThat(condition(verified, "Ready")).containsEntry("status", "True");
    assertThat(condition(verified, "Verified")).containsEntry("message", "2/2 probes as expected");
    await().atMost(DEADLINE).until(() -> probePod("agents") == null);
    // the results verify this bundle: no second probe pod until the interval (300 s) is up
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> probePod("agents") == null);
    assertThat(condition(get("agents"), "Verified")).containsEntry("status", "True");
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events("agents"))
        .filteredOn(e -> "ProbePassed".equals(e.getReason())).hasSize(2));
  }

  @Test
  void aBlockedTargetThatShouldBeReachableFailsVerificationWithAWarning() {
    apply("broken", "broken", List.of(PYPI + "|Reachable"));
    Pod probe = awaitProbePod("broken");

    terminate(probe, """
        [{"target":"%s","outcome":"Blocked","reason":"EnvoyBlackhole","detail":"502 from envoy in 2 ms","latencyMillis":2}]
        """.formatted(PYPI));

    SandboxEgress failed = awaitCondition("broken", "Verified", "False");
    assertThat(condition(failed, "Verified").get("message")).contains("0/1 probes as expected")
        .contains("EnvoyBlackhole");
    assertThat(condition(failed, "Ready")).containsEntry("status", "False").containsEntry("reason", "ProbesFailed");
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events("broken"))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("ProbeFailed");
          assertThat(e.getMessage()).contains(PYPI).contains("502 from envoy");
        }));
  }

  @Test
  void aProbePodThatNeverFinishesIsReportedAsProbeErrorAndRemoved() {
    apply("stuck", "stuck", List.of(PYPI + "|Reachable"));
    awaitProbePod("stuck");

    SandboxEgress failed = awaitCondition("stuck", "Verified", "False");

    ProbeStatus probe = failed.getStatus().getProbes().get(0);
    assertThat(probe.getReason()).isEqualTo("ProbeError");
    assertThat(probe.getOutcome()).isEqualTo("Error");
    assertThat(probe.getVerdict()).isEqualTo("Fail");
    assertThat(probe.getDetail()).contains("did not finish within").contains("phase");
    await().atMost(DEADLINE).until(() -> probePod("stuck") == null);
  }

  /**
   * A probe pod on a node that is gone: deleted after its run, it stays Terminating, as no kubelet
   * confirms the deletion. The operator completes it once its grace period is long over, so the
   * next run (same pod name) can start.
   */
  @Test
  void aProbePodLeftTerminatingOnALostNodeIsDeletedForGoodAndProbingGoesOn() {
    apply("lostnode", "lostnode", List.of(PYPI + "|Reachable"));
    Pod probe = awaitProbePod("lostnode");
    client.bindings().inNamespace(ns).resource(new BindingBuilder().withNewMetadata()
        .withName(probe.getMetadata().getName()).endMetadata()
        .withNewTarget().withKind("Node").withName("lost-node").endTarget().build()).create();
    String uid = probe.getMetadata().getUid();

    // the run ends without a result (ProbeError), the operator deletes the pod: Terminating for good
    awaitCondition("lostnode", "Verified", "False");
    await().atMost(DEADLINE).until(() -> probePod("lostnode") == null
        || probePod("lostnode").getMetadata().getDeletionTimestamp() != null);

    await().atMost(DEADLINE.plus(ProbeCoordinator.STUCK_TERMINATING))
        .until(() -> probePod("lostnode") == null || !uid.equals(probePod("lostnode").getMetadata().getUid()));
  }

  @Test
  void aProbePodTheApiServerRefusesIsReportedInVerifiedNotAsAFailedApply() {
    client.resource(Serialization.unmarshal("""
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: refused, namespace: %s}
        spec:
          podSelector: {matchLabels: {app: refused}}
          allow: [{host: pypi.org}]
          probes:
            runtimeClassName: no-such-runtime
            targets: [{url: "https://pypi.org/simple/"}]
        """.formatted(ns), SandboxEgress.class)).serverSideApply();

    SandboxEgress refused = awaitCondition("refused", "Verified", "False");

    assertThat(condition(refused, "Verified")).containsEntry("reason", "ProbePodRejected");
    assertThat(condition(refused, "Verified").get("message")).contains("no-such-runtime");
    assertThat(condition(refused, "Applied")).containsEntry("status", "True");
  }

  @Test
  void changingOnlyAProbeSettingProbesAgain() {
    apply("retimed", "retimed", List.of(PYPI + "|Reachable"));
    terminate(awaitProbePod("retimed"), """
        [{"target":"%s","outcome":"Reachable","reason":"HttpResponse","detail":"HTTP 200","latencyMillis":84}]
        """.formatted(PYPI));
    String firstSettings = awaitCondition("retimed", "Verified", "True").getStatus().getProbedSettings();
    await().atMost(DEADLINE).until(() -> probePod("retimed") == null);

    apply("retimed", "retimed", List.of(PYPI + "|Reachable"), 3);

    // not at the next interval (300 s): now, with the new timeout
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(probePod("retimed")).isNotNull()
        .satisfies(pod -> assertThat(pod.getSpec().getContainers().get(0).getArgs())
            .containsSubsequence("--timeout-seconds", "3")));
    // the status follows the pod's creation in the same reconciliation
    await().atMost(DEADLINE).untilAsserted(() ->
        assertThat(condition(get("retimed"), "Verified")).containsEntry("status", "Unknown"));
    terminate(probePod("retimed"), """
        [{"target":"%s","outcome":"Reachable","reason":"HttpResponse","detail":"HTTP 200","latencyMillis":84}]
        """.formatted(PYPI));
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(get("retimed").getStatus().getProbedSettings())
        .isNotEqualTo(firstSettings));
    assertThat(condition(awaitCondition("retimed", "Verified", "True"), "Verified"))
        .containsEntry("message", "1/1 probes as expected");
  }

  private void apply(String name, String app, List<String> targets) {
    apply(name, app, targets, 1);
  }

  private void apply(String name, String app, List<String> targets, int timeoutSeconds) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata:
          name: %s
          namespace: %s
        spec:
          podSelector: {matchLabels: {app: %s}}
          allow: [{host: pypi.org}]
          probes:
            timeoutSeconds: %d
            runtimeClassName: gvisor
            serviceAccountName: sandbox
            targets:
        """.formatted(name, ns, app, timeoutSeconds));
    for (String target : targets) {
      String[] parts = target.split("\\|");
      yaml.append("      - {url: \"").append(parts[0]).append("\", expect: ").append(parts[1]).append("}\n");
    }
    client.resource(Serialization.unmarshal(yaml.toString(), SandboxEgress.class)).serverSideApply();
  }

  private void terminate(Pod probe, String terminationMessage) {
    Kubelet.probeFinished(client, probe, terminationMessage);
  }


  private void addSandbox(String name, String app) {
    client.pods().inNamespace(ns).resource(new PodBuilder()
        .withNewMetadata().withName(name).addToLabels("app", app).endMetadata()
        .withNewSpec().withServiceAccountName("sandbox").withRuntimeClassName("gvisor")
        .addNewContainer().withName("sandbox").withImage("sandbox:latest").endContainer().endSpec()
        .build()).create();
  }

  private Pod awaitProbePod(String owner) {
    await().atMost(DEADLINE).until(() -> probePod(owner) != null);
    return probePod(owner);
  }

  private Pod probePod(String owner) {
    return client.pods().inNamespace(ns).withLabel("sandboxegress.io/probe", "true")
        .withLabel("sandboxegress.io/owner", owner).list().getItems().stream().findFirst().orElse(null);
  }

  /** Waits on the condition whatever generation it is for: verdicts change without a spec change. */
  private SandboxEgress awaitCondition(String name, String type, String status) {
    await().atMost(DEADLINE).until(() -> {
      SandboxEgress cr = get(name);
      return cr != null && cr.getStatus() != null && cr.getStatus().getConditions().stream()
          .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
    });
    return get(name);
  }

  private SandboxEgress get(String name) {
    return SandboxEgresses.get(client, ns, name);
  }

  private static Map<String, String> condition(SandboxEgress cr, String type) {
    var c = cr.getStatus().getConditions().stream().filter(x -> type.equals(x.getType())).findFirst().orElseThrow();
    return Map.of("status", c.getStatus(), "reason", c.getReason(), "message", c.getMessage());
  }

  private List<Event> events(String name) {
    return SandboxEgresses.events(client, ns, name);
  }
}
