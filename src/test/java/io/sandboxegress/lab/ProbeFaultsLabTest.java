package io.sandboxegress.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.faults.FaultTable;
import io.sandboxegress.faults.OperatorProcess;
import io.sandboxegress.render.ObjectNames;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithLab;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Probe pods that cannot finish, on the data-plane lab with the operator as a process of its own:
 * one whose network namespace vanishes mid-run (its processes killed, the namespace deleted, as when
 * a node loses the pod's sandbox), one that hangs past its deadline (frozen with SIGSTOP; the lab
 * kubelet enforces activeDeadlineSeconds), one evicted (what a kubelet writes under node pressure).
 * Each is reported as ProbeError with its cause, is not a regression (rollbackOnRegression is on
 * and nothing is rolled back), is retried, and leaves no pod behind. Only the eviction runs by
 * default; {@code -Dfaults=full} runs all three.
 */
@WithLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeFaultsLabTest {

  private static final boolean FULL = "full".equals(System.getProperty("faults"));
  private static final String REACHABLE = "tcp://" + LabAddresses.EXAMPLE_COM + ":" + LabAddresses.TCP_PORT;
  private static final String BLOCKED = "tcp://" + LabAddresses.RFC1918_10 + ":" + LabAddresses.TCP_PORT;

  private final ApiServer server;
  private final KubernetesClient client;
  private final String ns;
  private OperatorProcess operator;

  ProbeFaultsLabTest(ApiServer server, KubernetesClient client, TestNamespace ns) {
    this.server = server;
    this.client = client;
    this.ns = ns.name();
  }

  @BeforeAll
  void startOperator() {
    operator = OperatorProcess.start("probe-faults", server.local().kubeconfig(), List.of(ns),
        ApiServer.projectRoot().resolve("target/faults/logs"),
        "--probe-image", Lab.probeImage(), "--pod-cidr", LabAddresses.POD_CIDR,
        "--service-cidr", LabAddresses.SERVICE_CIDR, "--probe-startup-seconds", "15");
  }

  @AfterAll
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void anEvictedProbePodIsAProbeErrorRetriedNotARegression(Lab lab) throws Exception {
    probeFault("evicted", "probe pod evicted (phase Failed, reason Evicted)", "Evicted", pod -> evict(pod));
  }

  @Test
  void aProbePodWhoseNetworkNamespaceVanishesIsAProbeErrorRetriedNotARegression(Lab lab) throws Exception {
    Assumptions.assumeTrue(FULL, "runs with -Dfaults=full");
    probeFault("vanished", "probe pod's network namespace vanishes mid-run", "exited with code", pod -> {
      String netns = lab.netnsOf(ns, pod.getMetadata().getName());
      assertThat(netns).as("the lab runs the probe pod").isNotNull();
      for (ProcessHandle p : awaitProbeProcesses(netns)) {
        p.destroyForcibly();
      }
      Host.run("ip", "netns", "delete", netns);
    });
  }

  @Test
  void aProbePodThatHangsPastItsDeadlineIsAProbeErrorRetriedNotARegression(Lab lab) throws Exception {
    Assumptions.assumeTrue(FULL, "runs with -Dfaults=full");
    probeFault("hung", "probe pod hangs past its deadline (SIGSTOP)", "DeadlineExceeded", pod -> {
      String netns = lab.netnsOf(ns, pod.getMetadata().getName());
      assertThat(netns).as("the lab runs the probe pod").isNotNull();
      for (ProcessHandle p : awaitProbeProcesses(netns)) {
        Host.run("kill", "-STOP", Long.toString(p.pid()));
      }
    });
  }

  private interface Fault {
    void inject(Pod probePod) throws Exception;
  }

  private void probeFault(String name, String fault, String cause, Fault inject) throws Exception {
    FaultTable.record(fault, "ProbeError naming \"" + cause + "\"; not a regression; retried; no pod left", () -> {
      SandboxEgresses.apply(client, ns, name, spec(name, 9000));
      SandboxEgresses.awaitCondition(client, ns, name, "Verified", "True", LabCluster.DEADLINE);
      // a change: its first probe run is the one that fails
      SandboxEgresses.apply(client, ns, name, spec(name, 9001));
      String podName = ObjectNames.forOwner(name, "probe");
      Pod running = await().atMost(LabCluster.DEADLINE).pollInterval(Duration.ofMillis(100))
          .until(() -> Optional.ofNullable(client.pods().inNamespace(ns).withName(podName).get())
              .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                  && p.getMetadata().getDeletionTimestamp() == null), Optional::isPresent).orElseThrow();
      inject.inject(running);
      Instant injected = Instant.now();

      SandboxEgress failed = await().atMost(LabCluster.DEADLINE).pollInterval(Duration.ofMillis(200))
          .until(() -> SandboxEgresses.get(client, ns, name), cr -> current(cr) && cr.getStatus().getProbes()
              .stream().anyMatch(p -> "ProbeError".equals(p.getReason())));
      List<ProbeStatus> errors = failed.getStatus().getProbes().stream()
          .filter(p -> "ProbeError".equals(p.getReason())).toList();
      assertThat(errors).as("every target of the run that could not probe").hasSize(2)
          .allSatisfy(p -> assertThat(p.getDetail()).contains(cause));
      assertThat(SandboxEgresses.condition(failed, "Verified").getStatus()).isEqualTo("False");
      assertNotRolledBack(failed);

      SandboxEgress verified = SandboxEgresses.awaitCondition(client, ns, name, "Verified", "True",
          LabCluster.DEADLINE);
      Duration retried = Duration.between(injected, Instant.now());
      assertNotRolledBack(verified);
      assertThat(verified.getStatus().getRevision()).isEqualTo(failed.getStatus().getRevision());
      await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().inNamespace(ns).withName(podName).get() == null);
      return new FaultTable.Observed("ProbeError: " + shorten(errors.get(0).getDetail())
          + "; no rollback; retried and Verified; pod removed", retried);
    });
  }

  private void assertNotRolledBack(SandboxEgress cr) {
    assertThat(cr.getStatus().getRolledBackGeneration()).as("nothing rolled back").isNull();
    assertThat(SandboxEgresses.condition(cr, "Ready").getReason()).isNotIn("RolledBack", "Regressed");
  }

  private static boolean current(SandboxEgress cr) {
    return cr != null && cr.getStatus() != null && cr.getStatus().getProbes() != null
        && Objects.equals(cr.getMetadata().getGeneration(), cr.getStatus().getObservedGeneration());
  }

  private String spec(String app, int extraPort) {
    return """
        podSelector: {matchLabels: {app: %s}}
        allow:
        - cidr: 198.51.100.0/28
          ports: [{number: 9000, protocol: TCP}, {number: %d, protocol: TCP}]
        rollout: {rollbackOnRegression: true}
        probes:
          timeoutSeconds: 6
          targets:
          - {url: '%s', expect: Reachable}
          - {url: '%s', expect: Blocked}
        """.formatted(app, extraPort, REACHABLE, BLOCKED);
  }

  /** What a kubelet writes when it evicts a running pod under node pressure. */
  private void evict(Pod pod) {
    client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).editStatus(p -> new PodBuilder(p)
        .editStatus()
        .withPhase("Failed").withReason("Evicted").withMessage("The node was low on resource: memory.")
        .withContainerStatuses(new ContainerStatusBuilder(p.getStatus().getContainerStatuses().get(0))
            .withReady(false).withNewState().withNewTerminated().withExitCode(137).withReason("Error")
            .endTerminated().endState().build())
        .endStatus().build());
  }

  /** The probe container's processes, once the lab kubelet has started them. */
  private static List<ProcessHandle> awaitProbeProcesses(String netns) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> labProcessesIn(netns), processes -> !processes.isEmpty());
  }

  /** The processes in a lab namespace: only ones this JVM's lab started (its descendants). */
  private static List<ProcessHandle> labProcessesIn(String netns) {
    Set<Long> inNetns = Host.run("ip", "netns", "pids", netns).lines().map(String::strip)
        .filter(l -> !l.isEmpty()).map(Long::parseLong).collect(Collectors.toSet());
    return ProcessHandle.current().descendants().filter(p -> inNetns.contains(p.pid())).toList();
  }

  private static String shorten(String text) {
    return text.length() > 140 ? text.substring(0, 140) + "…" : text;
  }
}
