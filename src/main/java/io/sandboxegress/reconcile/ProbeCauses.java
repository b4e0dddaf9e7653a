package io.sandboxegress.reconcile;

import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.diagnose.Findings;
import io.sandboxegress.probepod.ProbeVerdicts;
import java.util.List;
import java.util.Optional;

/**
 * Puts the likely cause of each failing verdict into {@code status.probes[].cause} and the first
 * one into the {@code Verified} message. Causes are worked out again at every reconciliation from
 * the objects in the cluster as they are now, so a fixed object stops being blamed.
 */
final class ProbeCauses {

  static final String LIKELY_CAUSE = "; likely cause: ";

  private ProbeCauses() {}

  static ProbeStep annotate(ProbeStep step, Findings findings) {
    if (step.probes() == null) {
      return step;
    }
    // copies: the probes may be the cached resource's own status, which must stay as it was read
    List<ProbeStatus> probes = step.probes().stream().map(p -> withCause(p, findings.cause(p))).toList();
    List<ProbeStatus> changed = step.changedVerdicts().stream()
        .map(p -> withCause(p, findings.cause(p))).toList();
    Verification verification = step.verification();
    if (verification.status() == ConditionStatus.False && verification.reason() == ConditionReason.ProbesFailed) {
      Optional<String> first = probes.stream().filter(p -> !ProbeVerdicts.passed(p))
          .map(ProbeStatus::getCause).filter(c -> c != null).findFirst();
      if (first.isPresent()) {
        verification = new Verification(verification.status(), verification.reason(),
            verification.message() + LIKELY_CAUSE + first.get());
      }
    }
    return new ProbeStep(probes, step.probedBundle(), step.probedSettings(), verification, changed,
        step.recheckIn());
  }

  private static ProbeStatus withCause(ProbeStatus probe, Optional<String> cause) {
    ProbeStatus copy = new ProbeStatus();
    copy.setTarget(probe.getTarget());
    copy.setExpect(probe.getExpect());
    copy.setOutcome(probe.getOutcome());
    copy.setReason(probe.getReason());
    copy.setVerdict(probe.getVerdict());
    copy.setDetail(probe.getDetail());
    copy.setCause(cause.orElse(null));
    copy.setCheckedAt(probe.getCheckedAt());
    return copy;
  }
}
