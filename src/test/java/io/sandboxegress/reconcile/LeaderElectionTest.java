package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two replicas against one API server: one leads and reconciles, the other takes over when it stops. */
@WithApiServer
class LeaderElectionTest {

  @Test
  void oneReplicaLeadsAndTheOtherTakesOverWhenItStops(ApiServer server, KubernetesClient client, TestNamespace ns) {
    LeaderElection election = new LeaderElection(ns.name(), "sandbox-egress-operator", Duration.ofSeconds(4),
        Duration.ofSeconds(3), Duration.ofSeconds(1), false);
    OperatorConfig config = new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(ns.name()),
        ClusterNetworks.defaults(List.of(), List.of()), Duration.ofMinutes(5), ProbeSettings.defaults(), election);

    RunningOperator first = RunningOperator.start(server, config, "replica-a");
    await().atMost(Duration.ofSeconds(20)).until(() -> "replica-a".equals(holder(client, ns)));
    RunningOperator second = RunningOperator.start(server, config, "replica-b");
    try {
      apply(client, ns, "first");
      await().atMost(Duration.ofSeconds(30)).until(() -> ready(client, ns, "first"));
      assertThat(first.reconciliations()).isPositive();
      assertThat(second.reconciliations()).as("the follower reconciles nothing").isZero();
      assertThat(leader(first)).as("sandbox_egress_leader of the leader").isEqualTo(1.0);
      assertThat(leader(second)).as("sandbox_egress_leader of the follower").isEqualTo(0.0);
      assertThat(second.writes()).as("the follower changes nothing but its bid for the lease")
          .filteredOn(w -> !w.endsWith("/selfsubjectrulesreviews"))
          .allSatisfy(w -> assertThat(w).contains("/leases"));

      first.close();
      await().atMost(Duration.ofSeconds(15)).until(() -> "replica-b".equals(holder(client, ns)));
      await().atMost(Duration.ofSeconds(5)).until(() -> leader(second) == 1.0);
      int firstCount = first.reconciliations();
      apply(client, ns, "second");

      await().atMost(Duration.ofSeconds(30)).until(() -> ready(client, ns, "second"));
      assertThat(second.reconciliations()).isPositive();
      assertThat(first.reconciliations()).isEqualTo(firstCount);
    } finally {
      second.close();
    }
  }

  private static double leader(RunningOperator replica) {
    return replica.registry().get(OperatorMetrics.LEADER).gauge().value();
  }

  private static String holder(KubernetesClient client, TestNamespace ns) {
    Lease lease = client.leases().inNamespace(ns.name()).withName("sandbox-egress-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void apply(KubernetesClient client, TestNamespace ns, String name) {
    SandboxEgresses.apply(client, ns.name(), name, """
        podSelector: {matchLabels: {app: %s}}
        policy: DenyAll
        """.formatted(name));
  }

  private static boolean ready(KubernetesClient client, TestNamespace ns, String name) {
    SandboxEgress cr = SandboxEgresses.get(client, ns.name(), name);
    return cr != null && cr.getStatus() != null && cr.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
