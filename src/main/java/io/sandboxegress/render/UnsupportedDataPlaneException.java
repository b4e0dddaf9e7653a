package io.sandboxegress.render;

import io.sandboxegress.facts.DataPlane;

/**
 * The plan cannot be carried out on this data plane (a wildcard host in ambient mode, an egress
 * gateway without sidecars): the field to change and what to do, for a Stalled condition.
 */
public final class UnsupportedDataPlaneException extends RuntimeException {

  private final DataPlane dataPlane;
  private final String field;

  public UnsupportedDataPlaneException(DataPlane dataPlane, String message) {
    this(dataPlane, "spec.istio.mode", message);
  }

  public UnsupportedDataPlaneException(DataPlane dataPlane, String field, String message) {
    super(message);
    this.dataPlane = dataPlane;
    this.field = field;
  }

  public DataPlane dataPlane() {
    return dataPlane;
  }

  /** The spec field to change, as {@code spec.allow[2].host}. */
  public String field() {
    return field;
  }
}
