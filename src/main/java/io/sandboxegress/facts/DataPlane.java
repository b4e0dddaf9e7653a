package io.sandboxegress.facts;

/** The data plane that carries a SandboxEgress in its namespace. */
public enum DataPlane {
  /** Only the Kubernetes NetworkPolicy (no Istio, namespace not in the mesh, or istio.mode Off). */
  NONE,
  /** Istio sidecars. */
  SIDECAR,
  /** Istio ambient mode (ztunnel, waypoints). */
  AMBIENT
}
