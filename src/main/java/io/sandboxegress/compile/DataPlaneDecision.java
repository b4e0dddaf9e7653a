package io.sandboxegress.compile;

import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.FieldError;
import java.util.Optional;

/**
 * The data plane chosen for a SandboxEgress and the word status shows for Istio
 * ({@code Sidecar}, {@code Ambient}, {@code NotInstalled}, {@code NotInMesh}, {@code Off}), or why
 * the spec cannot be carried out.
 */
public record DataPlaneDecision(DataPlane dataPlane, String istioStatus, Optional<FieldError> error) {

  static DataPlaneDecision of(DataPlane dataPlane, String istioStatus) {
    return new DataPlaneDecision(dataPlane, istioStatus, Optional.empty());
  }

  static DataPlaneDecision refused(String istioStatus, FieldError error) {
    return new DataPlaneDecision(DataPlane.NONE, istioStatus, Optional.of(error));
  }
}
