package io.sandboxegress.compile;

/**
 * Why the compiler refused a spec: the reason of the {@code Ready}, {@code Applied} and
 * {@code Stalled} conditions and of the Warning Event. Each constant carries the exact word
 * written there.
 */
public enum RefusalReason {
  /** The SandboxEgress is in a namespace where none is allowed. */
  ProtectedNamespace("ProtectedNamespace"),
  /** A field is invalid. */
  InvalidSpec("InvalidSpec"),
  /** The data plane asked for (or the namespace's) cannot carry the spec. */
  UnsupportedDataPlane("UnsupportedDataPlane");

  private final String wire;

  RefusalReason(String wire) {
    this.wire = wire;
  }

  /** The word in status and Events. */
  public String wire() {
    return wire;
  }
}
