package io.sandboxegress.facts;

/**
 * What the cluster is, for one SandboxEgress: everything a renderer needs to know that is not in
 * the spec.
 *
 * @param istioInstalled whether Istio's networking and security APIs are served
 * @param dataPlane the data plane that carries this SandboxEgress
 * @param networks the cluster's own ranges and control-plane pods
 * @param mesh the Istio layout: egress gateway Service and ports, waypoint
 */
public record ClusterFacts(boolean istioInstalled, DataPlane dataPlane, ClusterNetworks networks,
    IstioMesh mesh) {

  /** Facts with Istio's default layout ({@link IstioMesh#defaults()}). */
  public ClusterFacts(boolean istioInstalled, DataPlane dataPlane, ClusterNetworks networks) {
    this(istioInstalled, dataPlane, networks, IstioMesh.defaults());
  }

  /** The same facts with another Istio layout. */
  public ClusterFacts withMesh(IstioMesh mesh) {
    return new ClusterFacts(istioInstalled, dataPlane, networks, mesh);
  }
}
