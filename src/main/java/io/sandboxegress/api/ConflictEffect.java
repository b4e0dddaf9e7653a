package io.sandboxegress.api;

/**
 * What a conflicting object does to the outcome the spec asks for. The first three make the
 * outcome something other than the spec, so they hold Ready at False; {@code Advice} does not
 * (it blocks traffic into the sandboxes, or closes what the probes would show anyway).
 */
public enum ConflictEffect {
  /** The sandboxes can reach more than the spec allows (e.g. a NetworkPolicy adds rules). */
  Widens,
  /** Istio may apply either of two objects (e.g. two Sidecars select the sandboxes). */
  Undefined,
  /** A mesh or namespace setting decides instead of the operator's objects. */
  Overrides,
  /** Worth knowing; the spec's outcome still holds. */
  Advice;

  /** Whether the outcome the spec asks for no longer holds. */
  public boolean undermines() {
    return this != Advice;
  }
}
