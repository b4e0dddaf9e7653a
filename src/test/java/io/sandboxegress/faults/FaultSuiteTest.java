package io.sandboxegress.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.reconcile.LeaderElection;
import io.sandboxegress.render.OwnedLabels;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.SandboxEgresses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator as a process of its own (as in production) against a real kube-apiserver with
 * etcd, under the faults a platform team fears: SIGKILL in the middle of a burst of writes, its API
 * server restarted, its API server unreachable, the leader killed, CRs deleted while it is down.
 * Each case records expected, observed and recovery time in {@link FaultTable}.
 *
 * <p>By default the quick sizes run (as in CI: 2 kill runs of 100 CRs, a 12 s outage, one
 * failover, deletion while down); {@code -Dfaults=full} ({@code make faults}) runs the full suite:
 * 10 kill runs of 500 CRs, a 30 s outage, the API server restart, 5 failovers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

  static final boolean FULL = "full".equals(System.getProperty("faults"));
  private static final int KILL_RUNS = FULL ? 10 : 2;
  private static final int KILL_CRS = FULL ? 500 : 100;
  private static final Duration OUTAGE = Duration.ofSeconds(FULL ? 30 : 12);
  private static final int FAILOVERS = FULL ? 5 : 1;
  private static final Duration CONVERGE = Duration.ofSeconds(FULL ? 420 : 180);
  /** The chart's lease settings, as the table prints them. */
  private static final String LEASE = leaseText(LeaderElection.inNamespace("any"));
  private static final Path LOGS = ApiServer.projectRoot().resolve("target/faults/logs");

  private FaultApiServer server;
  private KubernetesClient client;
  private final List<OperatorProcess> started = new ArrayList<>();

  @BeforeAll
  void startApiServer() {
    server = FaultApiServer.start();
    client = server.client();
  }

  @AfterAll
  void stop() {
    started.forEach(OperatorProcess::close);
    if (server != null) {
      server.close();
    }
  }

  private OperatorProcess operator(String name, List<String> namespaces, String... extraArgs) {
    Path kubeconfig = server.writeOperatorKubeconfig(dir(name));
    OperatorProcess operator = OperatorProcess.start(name, kubeconfig, namespaces, LOGS, extraArgs);
    started.add(operator);
    await().atMost(Duration.ofSeconds(60)).failFast(name + " exited: " + tail(operator), () -> !operator.isAlive())
        .until(() -> operator.httpPort().isPresent());
    return operator;
  }

  private static Path dir(String name) {
    Path dir = ApiServer.projectRoot().resolve("target/faults/run/" + name + "-" + System.nanoTime());
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }

  static Stream<Integer> killRuns() {
    return IntStream.range(0, KILL_RUNS).boxed();
  }

  /** Where run {@code run} of {@code runs} is killed, in writes of the burst: spread over creating, changing and after. */
  static int killPoint(int run, int runs, int writes) {
    return (int) Math.round(writes * (run + 0.5) / runs * 1.1);
  }

  /** The check the cases rely on sees each kind of damage they look for: it can fail. */
  @Order(0)
  @Test
  void theConvergenceCheckSeesMissingLeftoverDuplicateAndLeftBehindObjects() {
    Fleet fleet = new Fleet(client, "check", 8);
    try (ProbeAnswerer kubelet = ProbeAnswerer.start(client, fleet.watched().get(0))) {
      OperatorProcess operator = operator("check", fleet.watched());
      fleet.writeAll(0);
      fleet.awaitConverged(CONVERGE);
      operator.kill();
    }
    assertThat(fleet.violations()).isEmpty();
    String plain = fleet.namespaceOf(0);
    String gatewayCr = Fleet.name(2);
    NetworkPolicy own = client.network().v1().networkPolicies().inNamespace(plain)
        .withLabel(OwnedLabels.OWNER, Fleet.name(0)).list().getItems().get(0);
    client.resource(own).delete();
    NetworkPolicy stray = new NetworkPolicyBuilder().withNewMetadata().withName("stray").withNamespace(fleet.all().get(2))
        .withLabels(OwnedLabels.forOwner(fleet.namespaceOf(2), gatewayCr)).endMetadata()
        .withNewSpec().withNewPodSelector().endPodSelector().endSpec().build();
    client.resource(stray).create();
    ControllerRevision revision = client.apps().controllerRevisions().inNamespace(plain)
        .withLabel(OwnedLabels.OWNER, Fleet.name(1)).list().getItems().get(0);
    client.resource(new ControllerRevisionBuilder(revision).editMetadata().withName(revision.getMetadata().getName()
        + "-copy").withResourceVersion(null).withUid(null).endMetadata().withRevision(revision.getRevision() + 1)
        .build()).create();
    client.pods().inNamespace(plain).resource(new PodBuilder().withNewMetadata().withName("left-probe")
        .withLabels(OwnedLabels.forOwner(plain, Fleet.name(3))).endMetadata()
        .withNewSpec().addNewContainer().withName("probe").withImage("probe").endContainer().endSpec().build()).create();

    assertThat(fleet.violations()).anyMatch(v -> v.startsWith(Fleet.name(0) + ": NetworkPolicy") && v.endsWith("missing"))
        .anyMatch(v -> v.contains("NetworkPolicy " + fleet.all().get(2) + "/stray left from an older spec"))
        .anyMatch(v -> v.startsWith(Fleet.name(1) + ": two ControllerRevisions of the same objects"))
        .anyMatch(v -> v.equals("probe pod " + plain + "/left-probe left"));
  }

  @Order(1)
  @ParameterizedTest(name = "SIGKILL mid-burst, run {0}")
  @MethodSource("killRuns")
  void killedMidBurstEveryCrReachesItsRightStateAfterARestart(int run) throws Exception {
    Fleet fleet = new Fleet(client, "kill" + run, KILL_CRS);
    int killAt = killPoint(run, KILL_RUNS, fleet.burstWrites());
    String moment = killAt >= fleet.burstWrites() ? "after the last of " + fleet.burstWrites() + " writes"
        : "after write " + killAt + "/" + fleet.burstWrites();
    FaultTable.record("SIGKILL " + moment + " (" + KILL_CRS + " CRs created, changed, changed)",
        "every CR right; exact objects; no orphan, duplicate revision or probe pod; history <= limit", () -> {
      try (ProbeAnswerer kubelet = ProbeAnswerer.start(client, fleet.watched().get(0))) {
        OperatorProcess first = operator("kill" + run + "-a", fleet.watched());
        CompletableFuture<Void> burst = CompletableFuture.runAsync(fleet::writeBurst);
        await().atMost(CONVERGE).until(() -> fleet.written() >= Math.min(killAt, fleet.burstWrites()) || burst.isDone());
        if (killAt >= fleet.burstWrites()) {
          burst.join();
        }
        first.kill();
        OperatorProcess second = operator("kill" + run + "-b", fleet.watched());
        Instant restarted = Instant.now();
        burst.join();
        fleet.awaitConverged(CONVERGE);
        Duration recovery = Duration.between(restarted, Instant.now());
        assertThat(second.isAlive()).isTrue();
        second.close();
        return new FaultTable.Observed("all " + KILL_CRS + " CRs right, 0 violations", recovery);
      }
    });
  }

  @Order(2)
  @Test
  void deletedWhileDownEverythingOfTheirsIsCleanedUpWhenItReturns() throws Exception {
    int size = FULL ? 100 : 24;
    Fleet fleet = new Fleet(client, "delete", size);
    FaultTable.record("CRs deleted while the operator is down (" + size / 2 + " of " + size + ")",
        "deleted CRs gone; their gateway objects removed; the rest owner-referenced; others intact", () -> {
      try (ProbeAnswerer kubelet = ProbeAnswerer.start(client, fleet.watched().get(0))) {
        OperatorProcess first = operator("delete-a", fleet.watched());
        fleet.writeAll(0);
        fleet.awaitConverged(CONVERGE);
        first.kill();
        for (int i = 0; i < size; i += 2) {
          fleet.delete(i);
        }
        for (int i = 2; i < size; i += 4) {
          assertThat(SandboxEgresses.get(client, fleet.namespaceOf(i), Fleet.name(i)))
              .as("a gateway CR waits for the operator's finalizer").isNotNull();
        }
        OperatorProcess second = operator("delete-b", fleet.watched());
        Instant restarted = Instant.now();
        fleet.awaitConverged(CONVERGE);
        Duration recovery = Duration.between(restarted, Instant.now());
        second.close();
        return new FaultTable.Observed(size / 2 + " deleted CRs cleaned, " + size / 2 + " intact", recovery);
      }
    });
  }

  @Order(3)
  @Test
  void apiServerUnreachableNoCrashReadableLogReadyzRecovers() throws Exception {
    Fleet fleet = new Fleet(client, "outage", 20);
    FaultTable.record("API server unreachable " + OUTAGE.toSeconds() + " s (port closed)",
        "process stays up; one-line log, no stack trace; /readyz 503 then 200; change caught up", () -> {
      try (ProbeAnswerer kubelet = ProbeAnswerer.start(client, fleet.watched().get(0))) {
      OperatorProcess operator = operator("outage", fleet.watched());
      fleet.writeAll(0);
      fleet.awaitConverged(CONVERGE);
      await().atMost(Duration.ofSeconds(30)).until(() -> operator.readyz() == 200);
      int before = operator.lines().size();
      server.cutForOperator();
      Instant cut = Instant.now();
      AtomicBoolean sawNotReady = new AtomicBoolean();
      fleet.writeAll(1);
      await().atMost(OUTAGE.plusSeconds(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
        assertThat(operator.isAlive()).as("the operator is running during the outage").isTrue();
        if (operator.readyz() != 200) {
          sawNotReady.set(true);
        }
        return Duration.between(cut, Instant.now()).compareTo(OUTAGE) >= 0;
      });
      server.reconnectOperator();
      Instant back = Instant.now();
      fleet.awaitConverged(CONVERGE);
      Duration recovery = Duration.between(back, Instant.now());
      await().atMost(Duration.ofSeconds(30)).until(() -> operator.readyz() == 200);
      List<String> during = operator.lines().subList(before, operator.lines().size());
      assertThat(operator.isAlive()).isTrue();
      assertThat(sawNotReady).as("/readyz reported the outage").isTrue();
      assertThat(during).as("no stack trace in the log").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
      List<String> warnings = during.stream().filter(l -> l.contains("WARN") || l.contains("ERROR")).toList();
      assertThat(warnings).as("one readable line says the API server cannot be reached, and nothing else warns")
          .singleElement().asString().contains("not ready: cannot reach the API server at");
      assertThat(during).as("a line says it is ready again").anyMatch(l -> l.contains("ready again"));
      operator.close();
      return new FaultTable.Observed("alive; /readyz 503 during; 1 warning line: \""
          + shorten(warnings.get(0).substring(warnings.get(0).indexOf(" - ") + 3)) + "\"", recovery);
      }
    });
  }

  @Order(4)
  @Test
  void apiServerRestartedWatchesResumeWithoutAnOperatorRestart() throws Exception {
    Assumptions.assumeTrue(FULL, "runs with -Dfaults=full (make faults): CI's quick cases stay within 3 minutes");
    Fleet fleet = new Fleet(client, "restart", FULL ? 200 : 40);
    FaultTable.record("kube-apiserver restarted (etcd kept) during reconciliation",
        "operator keeps running, watches resume, catches up, no wrong write", () -> {
      try (ProbeAnswerer kubelet = ProbeAnswerer.start(client, fleet.watched().get(0))) {
        OperatorProcess operator = operator("restart", fleet.watched());
        fleet.writeAll(0);
        Duration down = server.restartApiServer();
        Instant back = Instant.now();
        fleet.writeAll(1);
        fleet.awaitConverged(CONVERGE);
        Duration recovery = Duration.between(back, Instant.now());
        assertThat(operator.isAlive()).as("the operator did not exit").isTrue();
        assertThat(operator.lines()).noneMatch(l -> l.contains("exiting so the operator is restarted"));
        operator.close();
        return new FaultTable.Observed("same process caught up; API server down " + FaultTable.seconds(down),
            recovery);
      }
    });
  }

  static Stream<Integer> failovers() {
    return IntStream.range(0, FAILOVERS).boxed();
  }

  @Order(5)
  @ParameterizedTest(name = "failover {0}")
  @MethodSource("failovers")
  void leaderKilledTheOtherReplicaReconcilesANewChange(int run) throws Exception {
    String ns = "failover" + run;
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .serverSideApply();
    FaultTable.record("leader SIGKILLed, 2 replicas, chart lease (" + LEASE + "), run " + run,
        "the other replica reconciles a new change within 15 s; never both", () -> {
      String[] election = {"--leader-election-namespace", ns};
      OperatorProcess a = operator(ns + "-a", List.of(ns), election);
      await().atMost(Duration.ofSeconds(60)).until(() -> (ns + "-a").equals(holder(ns)));
      OperatorProcess b = operator(ns + "-b", List.of(ns), election);
      apply(ns, "change", 0);
      awaitObserved(ns, "change", Duration.ofSeconds(60));
      assertThat(b.reconciliations()).as("the follower reconciles nothing while the leader lives").isZero();
      a.kill();
      Instant killed = Instant.now();
      apply(ns, "change", 1);
      awaitObserved(ns, "change", Duration.ofSeconds(60));
      Duration failover = Duration.between(killed, Instant.now());
      assertThat(holder(ns)).isEqualTo(ns + "-b");
      assertThat(b.reconciliations()).isPositive();
      b.close();
      return new FaultTable.Observed("replica b took over and reconciled; a reconciled nothing after SIGKILL"
          + (failover.compareTo(Duration.ofSeconds(15)) <= 0 ? "" : " (over the 15 s goal)"), failover);
    });
  }

  /**
   * The chart runs leader election even with one replica, so an outage longer than the renew
   * deadline makes the leader exit (it cannot know whether another replica took over). Started
   * again while the API server is still away, it must wait, not exit again: one restart per
   * outage, never a crash loop.
   */
  @Order(6)
  @Test
  void apiServerUnreachablePastTheRenewDeadlineTheLeaderRestartsOnceAndWaits() throws Exception {
    Fleet fleet = new Fleet(client, "lostlease", 10);
    String leaseNamespace = fleet.watched().get(0);
    LeaderElection election = LeaderElection.inNamespace(leaseNamespace);
    assertThat(OUTAGE).as("the outage outlasts the renew deadline").isGreaterThan(election.renewDeadline());
    FaultTable.record("API server unreachable " + OUTAGE.toSeconds() + " s, 2 replicas, chart lease (" + LEASE + ")",
        "the leader exits once after the renew deadline; restarted, it waits (one line, no crash loop);"
            + " /readyz 503 during; one replica leads after, change caught up", () -> {
      try (ProbeAnswerer kubelet = ProbeAnswerer.start(client, leaseNamespace);
          RestartingOperator a = replica("lostlease-a", fleet.watched(), leaseNamespace)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> "lostlease-a".equals(holder(leaseNamespace)));
        try (RestartingOperator b = replica("lostlease-b", fleet.watched(), leaseNamespace)) {
          fleet.writeAll(0);
          fleet.awaitConverged(CONVERGE);
          await().atMost(Duration.ofSeconds(60)).until(() -> a.current().readyz() == 200 && b.current().readyz() == 200);
          server.cutForOperator();
          Instant cut = Instant.now();
          fleet.writeAll(1);
          AtomicBoolean sawNotReady = new AtomicBoolean();
          AtomicReference<Duration> exitedAfter = new AtomicReference<>();
          await().atMost(OUTAGE.plusSeconds(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (a.current().readyz() != 200) {
              sawNotReady.set(true);
            }
            if (exitedAfter.get() == null && !a.exited().isEmpty()) {
              exitedAfter.set(Duration.between(cut, Instant.now()));
            }
            return Duration.between(cut, Instant.now()).compareTo(OUTAGE) >= 0;
          });
          assertThat(a.exited()).as("the leader gave up its Lease and exited during the outage").hasSize(1);
          OperatorProcess gaveUp = a.exited().get(0);
          assertThat(gaveUp.exitCode()).hasValue(1);
          assertThat(gaveUp.lines()).as("it said why in one line")
              .anyMatch(l -> l.contains("lost the Lease " + leaseNamespace + "/" + LeaderElection.LEASE_NAME));
          OperatorProcess waiting = a.current();
          assertThat(waiting.isAlive()).as("restarted during the outage, it waits instead of exiting").isTrue();
          assertThat(waiting.lines()).as("and says what it waits for")
              .anyMatch(l -> l.contains("cannot reach the API server at") && l.contains("waiting for it"));
          assertThat(waiting.readyz()).as("/readyz while it waits").isEqualTo(503);
          assertThat(sawNotReady).isTrue();
          server.reconnectOperator();
          Instant back = Instant.now();
          fleet.awaitConverged(CONVERGE);
          Duration recovery = Duration.between(back, Instant.now());
          String leader = holder(leaseNamespace);
          assertThat(leader).isIn("lostlease-a", "lostlease-b");
          assertThat(a.exited()).as("no second exit: no crash loop").hasSize(1);
          assertThat(b.exited()).as("the follower never held the Lease, so it never exits").isEmpty();
          RestartingOperator follower = "lostlease-a".equals(leader) ? b : a;
          assertThat(follower.current().reconciliations()).as("only the leader reconciles").isZero();
          for (OperatorProcess process : List.of(gaveUp, waiting, b.current())) {
            assertThat(process.lines()).as(process.name() + ": no stack trace in the log")
                .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
          }
          return new FaultTable.Observed("the leader exited once, " + (exitedAfter.get() == null ? "?" : FaultTable.seconds(exitedAfter.get()))
              + " after the cut (\"lost the Lease …\"); restarted, it waited (\"cannot reach … waiting for it\");"
              + " /readyz 503 during; no stack trace; " + leader + " leads after, the other reconciles nothing",
              recovery);
        }
      }
    });
  }

  private RestartingOperator replica(String name, List<String> namespaces, String leaseNamespace) {
    Path kubeconfig = server.writeOperatorKubeconfig(dir(name));
    return RestartingOperator.start(() -> OperatorProcess.start(name, kubeconfig, namespaces, LOGS,
        "--leader-election-namespace", leaseNamespace, "--wait-for-cluster"));
  }

  private static String leaseText(LeaderElection election) {
    return election.leaseDuration().toSeconds() + " s/" + election.renewDeadline().toSeconds() + " s/"
        + election.retryPeriod().toSeconds() + " s";
  }

  private void apply(String ns, String name, int version) {
    SandboxEgresses.apply(client, ns, name, """
        podSelector: {matchLabels: {app: failover}}
        allow: [{cidr: 192.0.2.%d/32, ports: [{number: 443, protocol: TCP}]}]
        """.formatted(version + 1));
  }

  private void awaitObserved(String ns, String name, Duration deadline) {
    await().atMost(deadline).pollInterval(Duration.ofMillis(200)).until(() -> {
      SandboxEgress cr = SandboxEgresses.get(client, ns, name);
      return cr.getStatus() != null && cr.getMetadata().getGeneration().equals(cr.getStatus().getObservedGeneration())
          && cr.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    });
  }

  private String holder(String ns) {
    Lease lease = client.leases().inNamespace(ns).withName(LeaderElection.LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static String tail(OperatorProcess operator) {
    List<String> lines = operator.lines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static String shorten(String line) {
    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
  }
}
