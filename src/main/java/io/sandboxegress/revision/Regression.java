package io.sandboxegress.revision;

import io.sandboxegress.api.Expectation;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.probe.ProbeOutcome;
import io.sandboxegress.probepod.ProbeVerdicts;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A regression: a target expected Reachable that passed under the last good revision and is
 * Blocked under the live one. A probe that could not run (outcome Error: an evicted or unschedulable
 * probe pod, an image pull failure) proves nothing about the change and never triggers a rollback.
 */
public final class Regression {

  private Regression() {}

  /** The live revision's results that regressed against what the last good revision reached. */
  public static List<ProbeStatus> failing(List<ProbeStatus> live, Collection<String> reachedByLastGood) {
    return live == null ? List.of() : live.stream()
        .filter(p -> p.getExpect() == null || p.getExpect() == Expectation.Reachable)
        .filter(p -> ProbeVerdicts.outcome(p).filter(o -> o == ProbeOutcome.Blocked).isPresent())
        .filter(p -> reachedByLastGood.contains(p.getTarget()))
        .toList();
  }

  /** The targets expected Reachable that passed: what a verified revision is known to reach. */
  public static List<String> reachable(List<ProbeStatus> probes) {
    return probes == null ? List.of() : probes.stream()
        .filter(p -> p.getExpect() == null || p.getExpect() == Expectation.Reachable)
        .filter(p -> ProbeVerdicts.passed(p)
            && ProbeVerdicts.outcome(p).filter(o -> o == ProbeOutcome.Reachable).isPresent())
        .map(ProbeStatus::getTarget)
        .toList();
  }

  /** {@code url (Reason: detail)}, one per failing target. */
  public static String describe(List<ProbeStatus> failing) {
    return failing.stream()
        .map(p -> p.getTarget() + " (" + p.getOutcome() + ", " + p.getReason()
            + (p.getDetail() == null || p.getDetail().isBlank() ? "" : ": " + p.getDetail()) + ")")
        .collect(Collectors.joining("; "));
  }
}
