package io.sandboxegress.compile;

import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.plan.FieldError;
import java.util.Map;

/**
 * Which data plane carries a SandboxEgress: {@code spec.istio.mode} when set, otherwise the
 * namespace's Istio labels ({@code istio.io/dataplane-mode}, {@code istio-injection},
 * {@code istio.io/rev}).
 */
public final class DataPlaneResolver {

  public static final String DATAPLANE_MODE_LABEL = "istio.io/dataplane-mode";
  public static final String INJECTION_LABEL = "istio-injection";
  public static final String REVISION_LABEL = "istio.io/rev";

  private DataPlaneResolver() {}

  public static DataPlaneDecision resolve(IstioMode mode, boolean istioInstalled,
      Map<String, String> namespaceLabels) {
    IstioMode requested = mode == null ? IstioMode.Auto : mode;
    if (requested == IstioMode.Off) {
      return DataPlaneDecision.of(DataPlane.NONE, IstioStatus.Off);
    }
    if (!istioInstalled) {
      if (requested == IstioMode.Auto) {
        return DataPlaneDecision.of(DataPlane.NONE, IstioStatus.NotInstalled);
      }
      return DataPlaneDecision.refused(IstioStatus.NotInstalled, new FieldError("spec.istio.mode",
          "istio.mode is " + requested + " but Istio is not installed in this cluster (the"
              + " networking.istio.io and security.istio.io APIs are not served): install Istio, or"
              + " set istio.mode to Auto or Off"));
    }
    return switch (requested) {
      case Sidecar -> DataPlaneDecision.of(DataPlane.SIDECAR, IstioStatus.Sidecar);
      case Ambient -> DataPlaneDecision.of(DataPlane.AMBIENT, IstioStatus.Ambient);
      default -> fromLabels(namespaceLabels == null ? Map.of() : namespaceLabels);
    };
  }

  /**
   * The namespace labels that make {@link #resolve} choose {@code dataPlane} when the mode is Auto
   * and Istio is installed: what {@code render --data-plane} stands for, and how tests and demos
   * put a namespace on a data plane.
   */
  public static Map<String, String> namespaceLabelsFor(DataPlane dataPlane) {
    return switch (dataPlane) {
      case SIDECAR -> Map.of(INJECTION_LABEL, "enabled");
      case AMBIENT -> Map.of(DATAPLANE_MODE_LABEL, "ambient");
      default -> Map.of();
    };
  }

  private static DataPlaneDecision fromLabels(Map<String, String> labels) {
    if ("ambient".equals(labels.get(DATAPLANE_MODE_LABEL))) {
      return DataPlaneDecision.of(DataPlane.AMBIENT, IstioStatus.Ambient);
    }
    String injection = labels.get(INJECTION_LABEL);
    if ("enabled".equals(injection)
        || (!"disabled".equals(injection) && labels.containsKey(REVISION_LABEL))) {
      return DataPlaneDecision.of(DataPlane.SIDECAR, IstioStatus.Sidecar);
    }
    return DataPlaneDecision.of(DataPlane.NONE, IstioStatus.NotInMesh);
  }
}
