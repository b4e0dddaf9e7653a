package io.sandboxegress.revision;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.api.Expectation;
import io.sandboxegress.api.ProbeStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionTest {

  private static final String PYPI = "https://pypi.org/simple/";
  private static final String GITHUB = "https://github.com/";
  private static final String METADATA = "http://169.254.169.254/";

  @Test
  void aTargetTheLastGoodRevisionReachedAndTheLiveOneDoesNotIsARegression() {
    List<ProbeStatus> live = List.of(
        probe(PYPI, Expectation.Reachable, "Blocked", "EnvoyBlackhole"),
        probe(GITHUB, Expectation.Reachable, "Reachable", "HttpResponse"),
        probe(METADATA, Expectation.Blocked, "Reachable", "HttpResponse"));

    List<ProbeStatus> failing = Regression.failing(live, List.of(PYPI, GITHUB));

    assertThat(failing).extracting(ProbeStatus::getTarget).containsExactly(PYPI);
    assertThat(Regression.describe(failing)).isEqualTo(PYPI + " (Blocked, EnvoyBlackhole: seen)");
  }

  @Test
  void aProbeThatCouldNotRunIsNoRegression() {
    List<ProbeStatus> live = List.of(probe(PYPI, Expectation.Reachable, "Error", "ProbeError"));

    assertThat(Regression.failing(live, List.of(PYPI))).isEmpty();
  }

  @Test
  void aTargetTheLastGoodRevisionNeverReachedIsNoRegression() {
    List<ProbeStatus> live = List.of(probe(PYPI, Expectation.Reachable, "Error", "ProbeError"));

    assertThat(Regression.failing(live, List.of(GITHUB))).isEmpty();
  }

  @Test
  void whatAVerifiedRevisionReachesIsItsPassingReachableTargets() {
    List<ProbeStatus> verified = List.of(
        probe(PYPI, Expectation.Reachable, "Reachable", "HttpResponse"),
        probe(METADATA, Expectation.Blocked, "Blocked", "ConnectTimeout"));

    assertThat(Regression.reachable(verified)).containsExactly(PYPI);
  }

  private static ProbeStatus probe(String target, Expectation expect, String outcome, String reason) {
    ProbeStatus probe = new ProbeStatus();
    probe.setTarget(target);
    probe.setExpect(expect);
    probe.setOutcome(outcome);
    probe.setReason(reason);
    probe.setVerdict(expect.name().equals(outcome) ? "Pass" : "Fail");
    probe.setDetail("seen");
    return probe;
  }
}
