package io.sandboxegress.diagnose;

import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ProbeStatus;
import java.util.List;
import java.util.Optional;

/**
 * What the objects around one SandboxEgress do to it, read once per reconciliation: its conflicts,
 * and the likely cause of a failing probe verdict.
 */
public final class Findings {

  private final List<Conflict> conflicts;
  private final Optional<BlockedCause> causes;

  Findings(List<Conflict> conflicts, Optional<BlockedCause> causes) {
    this.conflicts = List.copyOf(conflicts);
    this.causes = causes;
  }

  /** Conflicts known from before, when the objects could not be read: no causes then. */
  public static Findings known(List<Conflict> conflicts) {
    return new Findings(conflicts, Optional.empty());
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  /** The likely cause of {@code probe}'s verdict and its fix; empty when it passes. */
  public Optional<String> cause(ProbeStatus probe) {
    return causes.flatMap(c -> c.explain(probe));
  }
}
