package io.sandboxegress.compile;

import io.sandboxegress.plan.FieldError;
import io.sandboxegress.render.Bundle;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What compiling one SandboxEgress gave: the objects to apply and the data plane they are for, or
 * why the spec cannot be carried out (a reason for the {@code Stalled} condition and the fields at
 * fault). Never both, never neither.
 */
public final class Compilation {

  private final Bundle bundle;
  private final DataPlaneDecision dataPlane;
  private final RefusalReason refusedReason;
  private final List<FieldError> errors;

  private Compilation(Bundle bundle, DataPlaneDecision dataPlane, RefusalReason refusedReason, List<FieldError> errors) {
    this.bundle = bundle;
    this.dataPlane = dataPlane;
    this.refusedReason = refusedReason;
    this.errors = List.copyOf(errors);
  }

  static Compilation compiled(Bundle bundle, DataPlaneDecision dataPlane) {
    return new Compilation(bundle, dataPlane, null, List.of());
  }

  static Compilation refused(RefusalReason reason, List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a refusal names at least one field");
    }
    return new Compilation(null, null, reason, errors);
  }

  public boolean isRefused() {
    return refusedReason != null;
  }

  /** The objects to apply. */
  public Bundle bundle() {
    return orThrow(bundle);
  }

  /** The data plane the bundle is for, and the word status shows for Istio. */
  public DataPlaneDecision dataPlane() {
    return orThrow(dataPlane);
  }

  /** Why the spec cannot be carried out. */
  public RefusalReason refusedReason() {
    if (refusedReason == null) {
      throw new NoSuchElementException("compiled, not refused");
    }
    return refusedReason;
  }

  /** The fields at fault, in the spec's order; empty when compiled. */
  public List<FieldError> errors() {
    return errors;
  }

  private <T> T orThrow(T value) {
    if (value == null) {
      throw new NoSuchElementException("refused (" + refusedReason + "): " + errors);
    }
    return value;
  }
}
