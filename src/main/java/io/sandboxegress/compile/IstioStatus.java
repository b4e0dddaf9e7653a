package io.sandboxegress.compile;

/**
 * What Istio does for a SandboxEgress's pods, as {@code status.dataPlane.istio} shows it. Each
 * constant carries the exact word written there; the status field stays a string.
 */
public enum IstioStatus {
  /** The pods get Istio sidecars (spec.istio.mode Sidecar, or the namespace asks for injection). */
  Sidecar("Sidecar"),
  /** The pods are in Istio's ambient mesh (spec.istio.mode Ambient, or the namespace's label). */
  Ambient("Ambient"),
  /** Istio is installed, but the namespace is not in the mesh. */
  NotInMesh("NotInMesh"),
  /** Istio's APIs are not served in this cluster. */
  NotInstalled("NotInstalled"),
  /** spec.istio.mode is Off: Istio is not used, installed or not. */
  Off("Off");

  private final String wire;

  IstioStatus(String wire) {
    this.wire = wire;
  }

  /** The word in status. */
  public String wire() {
    return wire;
  }
}
