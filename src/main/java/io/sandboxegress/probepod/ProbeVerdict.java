package io.sandboxegress.probepod;

import io.sandboxegress.api.Expectation;
import io.sandboxegress.probe.ProbeOutcome;
import java.util.Optional;

/**
 * Whether a target was what the spec expects ({@code status.probes[].verdict}): each constant
 * carries the exact word written there.
 */
public enum ProbeVerdict {
  Pass("Pass"),
  Fail("Fail");

  private final String wire;

  ProbeVerdict(String wire) {
    this.wire = wire;
  }

  /** The word in status (and the {@code verdict} label of the metric). */
  public String wire() {
    return wire;
  }

  /** Pass when the outcome is the one expected; an outcome of Error never passes. */
  public static ProbeVerdict of(Expectation expect, ProbeOutcome outcome) {
    boolean asExpected = switch (expect) {
      case Reachable -> outcome == ProbeOutcome.Reachable;
      case Blocked -> outcome == ProbeOutcome.Blocked;
    };
    return asExpected ? Pass : Fail;
  }

  /** The verdict a word names; empty for null or a word no verdict has. */
  public static Optional<ProbeVerdict> fromWire(String value) {
    for (ProbeVerdict verdict : values()) {
      if (verdict.wire.equals(value)) {
        return Optional.of(verdict);
      }
    }
    return Optional.empty();
  }
}
