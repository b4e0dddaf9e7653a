package io.sandboxegress.probepod;

import io.sandboxegress.api.Expectation;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.ProbeTarget;
import io.sandboxegress.probe.ProbeOutcome;
import io.sandboxegress.probe.ProbeReason;
import io.sandboxegress.probe.ProbeResult;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns what the prober observed into {@code status.probes}: one entry per target, with a verdict. */
public final class ProbeVerdicts {

  private ProbeVerdicts() {}

  public static List<ProbeStatus> of(List<ProbeTarget> targets, List<ProbeResult> results, Instant checkedAt) {
    Map<String, ProbeResult> byTarget = results.stream()
        .collect(Collectors.toMap(ProbeResult::target, Function.identity(), (a, b) -> a));
    List<ProbeStatus> statuses = new ArrayList<>();
    for (ProbeTarget target : targets) {
      ProbeResult result = byTarget.getOrDefault(target.getUrl(), new ProbeResult(target.getUrl(),
          ProbeOutcome.Error.wire(), ProbeReason.ProbeError.wire(), "the probe pod reported no result for this target", 0));
      statuses.add(status(target, result.outcome(), result.reason(), result.detail(), checkedAt));
    }
    return statuses;
  }

  /** Every target ends as a ProbeError with the same detail: the probe pod could not report. */
  public static List<ProbeStatus> error(List<ProbeTarget> targets, String detail, Instant checkedAt) {
    return targets.stream()
        .map(t -> status(t, ProbeOutcome.Error.wire(), ProbeReason.ProbeError.wire(), detail, checkedAt))
        .toList();
  }

  public static boolean allPass(List<ProbeStatus> probes) {
    return probes.stream().allMatch(ProbeVerdicts::passed);
  }

  /** Whether a result's verdict is Pass. */
  public static boolean passed(ProbeStatus probe) {
    return verdict(probe).filter(v -> v == ProbeVerdict.Pass).isPresent();
  }

  /** A result's verdict; empty when status holds none (or a word no verdict has). */
  public static Optional<ProbeVerdict> verdict(ProbeStatus probe) {
    return ProbeVerdict.fromWire(probe.getVerdict());
  }

  /** A result's outcome; empty when status holds none (or a word no outcome has). */
  public static Optional<ProbeOutcome> outcome(ProbeStatus probe) {
    return ProbeOutcome.fromWire(probe.getOutcome());
  }

  /** A result's reason; empty when status holds none (or a word no reason has). */
  public static Optional<ProbeReason> reason(ProbeStatus probe) {
    return ProbeReason.fromWire(probe.getReason());
  }

  /** Whether the probe could not tell: an outcome of Error, or the prober's own ProbeError. */
  public static boolean couldNotTell(ProbeStatus probe) {
    return outcome(probe).filter(o -> o == ProbeOutcome.Error).isPresent()
        || reason(probe).filter(r -> r == ProbeReason.ProbeError).isPresent();
  }

  /** The targets whose verdict differs from the previous one (or that are new). */
  public static List<ProbeStatus> changes(List<ProbeStatus> previous, List<ProbeStatus> current) {
    Map<String, String> before = previous == null ? Map.of() : previous.stream()
        .collect(Collectors.toMap(ProbeStatus::getTarget, ProbeStatus::getVerdict, (a, b) -> a));
    return current.stream()
        .filter(p -> !Objects.equals(before.get(p.getTarget()), p.getVerdict()))
        .toList();
  }

  public static String describe(ProbeStatus probe) {
    return probe.getTarget() + " expected " + probe.getExpect() + ", observed " + probe.getOutcome()
        + " (" + probe.getReason() + "): " + probe.getVerdict()
        + (probe.getDetail() == null || probe.getDetail().isBlank() ? "" : "; " + probe.getDetail());
  }

  private static ProbeStatus status(ProbeTarget target, String outcome, String reason, String detail,
      Instant checkedAt) {
    Expectation expect = target.getExpect() == null ? Expectation.Reachable : target.getExpect();
    ProbeStatus status = new ProbeStatus();
    status.setTarget(target.getUrl());
    status.setExpect(expect);
    status.setOutcome(outcome);
    status.setReason(reason);
    status.setVerdict(ProbeOutcome.fromWire(outcome).map(o -> ProbeVerdict.of(expect, o))
        .orElse(ProbeVerdict.Fail).wire());
    status.setDetail(detail);
    status.setCheckedAt(DateTimeFormatter.ISO_INSTANT.format(checkedAt.truncatedTo(ChronoUnit.SECONDS)));
    return status;
  }
}
