package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What {@code kubectl describe sbe} shows: Events that count repeats, and what needs a look. */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorEventsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final String ns;
  private RunningOperator operator;

  OperatorEventsTest(KubernetesClient client, TestNamespace ns) {
    this.client = client;
    this.ns = ns.name();
  }

  @BeforeAll
  void startOperator(ApiServer server) {
    operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(ns),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")),
        Duration.ofSeconds(1), ProbeSettings.defaults(), null));
  }

  @AfterAll
  void stopOperator() {
    operator.close();
  }

  @Test
  void theSameEventTwiceIsOneEventWithCountTwo() {
    SandboxEgress cr = SandboxEgresses.apply(client, ns, "counted", "podSelector: {matchLabels: {app: counted}}");
    EventRecorder recorder = new EventRecorder(client, Clock.systemUTC(), "test");

    recorder.warning(cr, EventReason.ConflictDetected, "Sidecar " + ns + "/other selects the same pods");
    recorder.warning(cr, EventReason.ConflictDetected, "Sidecar " + ns + "/other selects the same pods");
    recorder.warning(cr, EventReason.ConflictDetected, "Sidecar " + ns + "/third selects the same pods");

    List<Event> conflicts = events("counted").stream()
        .filter(e -> "ConflictDetected".equals(e.getReason())).toList();
    assertThat(conflicts).extracting(Event::getMessage, Event::getCount).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("Sidecar " + ns + "/other selects the same pods", 2),
        org.assertj.core.groups.Tuple.tuple("Sidecar " + ns + "/third selects the same pods", 1));
    assertThat(conflicts).allSatisfy(e -> assertThat(e.getMetadata().getName()).startsWith("counted."));
  }

  @Test
  void aSelectorThatMatchesNoPodIsReportedAndReadyStaysTrue() {
    SandboxEgresses.apply(client, ns, "typo", "podSelector: {matchLabels: {app: agnets}}");

    SandboxEgress ready = SandboxEgresses.awaitReady(client, ns, "typo", DEADLINE);

    assertThat(ready.getStatus().getMatchedPods()).isZero();
    Condition condition = SandboxEgresses.condition(ready, "Ready");
    assertThat(condition.getReason()).isEqualTo("NoPodsMatched");
    assertThat(condition.getMessage()).startsWith("podSelector app=agnets matches no pod in namespace " + ns);
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events("typo"))
        .filteredOn(e -> "NoPodsMatched".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));

    client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("agnets-1")
        .addToLabels("app", "agnets").endMetadata().withNewSpec().addNewContainer().withName("c")
        .withImage("sandbox:latest").endContainer().endSpec().build()).create();

    await().atMost(DEADLINE).untilAsserted(() -> {
      SandboxEgress matched = SandboxEgresses.get(client, ns, "typo");
      assertThat(matched.getStatus().getMatchedPods()).isEqualTo(1);
      assertThat(SandboxEgresses.condition(matched, "Ready").getReason()).isEqualTo("Applied");
    });
  }

  @Test
  void aDeletedObjectPutBackIsCalledARepair() {
    SandboxEgresses.apply(client, ns, "repaired", "podSelector: {matchLabels: {app: repaired}}");
    SandboxEgresses.awaitReady(client, ns, "repaired", DEADLINE);
    await().atMost(DEADLINE).until(() -> events("repaired").stream().anyMatch(e -> "Created".equals(e.getReason())));

    client.network().v1().networkPolicies().inNamespace(ns).withName("sandbox-egress-repaired").delete();

    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events("repaired"))
        .filteredOn(e -> "Repaired".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("changed outside the operator, put back:"
            + " re-created NetworkPolicy " + ns + "/sandbox-egress-repaired")));
    assertThat(client.network().v1().networkPolicies().inNamespace(ns).withName("sandbox-egress-repaired")
        .get()).isInstanceOf(NetworkPolicy.class);
    assertThat(events("repaired")).filteredOn(e -> "Created".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  private List<Event> events(String name) {
    return SandboxEgresses.events(client, ns, name);
  }
}
