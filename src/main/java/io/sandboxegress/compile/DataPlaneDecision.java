package io.sandboxegress.compile;

import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.FieldError;
import java.util.Optional;

/**
 * The data plane chosen for a SandboxEgress and what status shows for Istio (an {@link IstioStatus}),
 * or why the spec cannot be carried out.
 */
public record DataPlaneDecision(DataPlane dataPlane, IstioStatus istioStatus, Optional<FieldError> error) {

  static DataPlaneDecision of(DataPlane dataPlane, IstioStatus istioStatus) {
    return new DataPlaneDecision(dataPlane, istioStatus, Optional.empty());
  }

  static DataPlaneDecision refused(IstioStatus istioStatus, FieldError error) {
    return new DataPlaneDecision(DataPlane.NONE, istioStatus, Optional.of(error));
  }
}
