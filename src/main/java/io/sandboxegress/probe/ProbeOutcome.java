package io.sandboxegress.probe;

import java.util.Optional;

/**
 * What a probe found a target to be ({@code status.probes[].outcome}, the {@code outcome} of the
 * probe pod's termination message): each constant carries the exact word written there.
 */
public enum ProbeOutcome {
  Reachable("Reachable"),
  Blocked("Blocked"),
  /** The probe could not tell: it did not run, or not to the end. */
  Error("Error");

  private final String wire;

  ProbeOutcome(String wire) {
    this.wire = wire;
  }

  /** The word in status and in the termination message. */
  public String wire() {
    return wire;
  }

  /** The outcome a word names; empty for null or a word no outcome has. */
  public static Optional<ProbeOutcome> fromWire(String value) {
    for (ProbeOutcome outcome : values()) {
      if (outcome.wire.equals(value)) {
        return Optional.of(outcome);
      }
    }
    return Optional.empty();
  }
}
