package io.sandboxegress.render;

import io.sandboxegress.facts.DataPlane;

/** The plan would need a backend that is not implemented yet (Istio ambient). */
public final class UnsupportedDataPlaneException extends RuntimeException {

  private final DataPlane dataPlane;

  public UnsupportedDataPlaneException(DataPlane dataPlane, String message) {
    super(message);
    this.dataPlane = dataPlane;
  }

  public DataPlane dataPlane() {
    return dataPlane;
  }
}
