package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.probepod.ProbePlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A probe run that could not probe is tried again soon; one that probed waits for its interval. */
class ProbeErrorRetryTest {

  private static final ProbePlan EVERY_5_MIN = new ProbePlan("p", List.of(), Duration.ofSeconds(5),
      Duration.ofMinutes(5), Duration.ofSeconds(65), "f");

  @Test
  void afterAProbeErrorTheNextRunIsDueIn30Seconds() {
    assertThat(ProbeCoordinator.nextInterval(List.of(status("Blocked", "ConnectTimeout"),
        status("Error", "ProbeError")), EVERY_5_MIN)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void afterResultsTheNextRunIsDueAfterTheInterval() {
    assertThat(ProbeCoordinator.nextInterval(List.of(status("Blocked", "ConnectTimeout"),
        status("Reachable", "HttpResponse")), EVERY_5_MIN)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void anIntervalShorterThanTheRetryIsKept() {
    ProbePlan every20s = new ProbePlan("p", List.of(), Duration.ofSeconds(5), Duration.ofSeconds(20),
        Duration.ofSeconds(65), "f");
    assertThat(ProbeCoordinator.nextInterval(List.of(status("Error", "ProbeError")), every20s))
        .isEqualTo(Duration.ofSeconds(20));
  }

  private static ProbeStatus status(String outcome, String reason) {
    ProbeStatus status = new ProbeStatus();
    status.setOutcome(outcome);
    status.setReason(reason);
    return status;
  }
}
