package io.sandboxegress.probepod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a probe pod that could not report says about why. */
class ProbePodReaderTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");

  @Test
  void anEvictedProbePodIsStuckAndNamesTheEviction() {
    // what a kubelet writes when it evicts a pod under node pressure
    Pod evicted = pod("Failed", "Evicted", "The node was low on resource: memory.", 137, "Error");

    ProbeRun run = ProbePodReader.read(evicted, NOW);

    assertThat(run).isInstanceOf(ProbeRun.Stuck.class);
    assertThat(((ProbeRun.Stuck) run).detail())
        .isEqualTo("probe container of demo-probe exited with code 137 (Error) and left no result;"
            + " pod Failed (Evicted: The node was low on resource: memory.)");
  }

  @Test
  void aContainerKilledAtItsDeadlineNamesTheDeadline() {
    Pod killed = pod("Failed", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline",
        137, "DeadlineExceeded");

    assertThat(((ProbeRun.Stuck) ProbePodReader.read(killed, NOW)).detail())
        .contains("exited with code 137 (DeadlineExceeded) and left no result")
        .contains("pod Failed (DeadlineExceeded: Pod was active on the node longer than the specified deadline)");
  }

  @Test
  void aContainerThatExitedWithoutResultOnItsOwnSaysOnlyThat() {
    Pod exited = pod("Failed", null, null, 1, "Error");

    assertThat(((ProbeRun.Stuck) ProbePodReader.read(exited, NOW)).detail())
        .isEqualTo("probe container of demo-probe exited with code 1 (Error) and left no result");
  }

  private static Pod pod(String phase, String reason, String message, int exitCode, String containerReason) {
    return new PodBuilder().withNewMetadata().withName("demo-probe").withCreationTimestamp("2026-01-01T00:00:00Z")
        .endMetadata()
        .withNewSpec().withActiveDeadlineSeconds(30L).endSpec()
        .withNewStatus().withPhase(phase).withReason(reason).withMessage(message)
        .addNewContainerStatus().withName(ProbePodFactory.CONTAINER)
        .withNewState().withNewTerminated().withExitCode(exitCode).withReason(containerReason).endTerminated()
        .endState().endContainerStatus()
        .endStatus().build();
  }
}
