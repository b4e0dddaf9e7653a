package io.sandboxegress.render;

import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.HostRule;
import java.util.List;

/**
 * What a valid plan still cannot do on the data plane it lands on (known only once the namespace's
 * data plane is): an egress gateway needs sidecars, and ambient mode cannot carry wildcard hosts.
 */
final class DataPlaneFit {

  private DataPlaneFit() {}

  /** @throws UnsupportedDataPlaneException naming the field to change */
  static void check(EgressPlan plan, ClusterFacts facts) {
    if (plan.egressGateway().isPresent() && !Mesh.sidecar(plan, facts)) {
      throw new UnsupportedDataPlaneException(facts.dataPlane(), "spec.istio.egressGateway",
          "an egress gateway needs the Istio sidecar data plane, and this namespace's is "
              + facts.dataPlane() + (facts.dataPlane() == DataPlane.AMBIENT
              ? ": in ambient mode the waypoint is the egress gateway; remove"
              + " spec.istio.egressGateway" : ": enable sidecar injection in the namespace, or"
              + " remove spec.istio.egressGateway"));
    }
    List<String> wildcards = Mesh.waypointHosts(plan, facts).stream().filter(HostRule::wildcard)
        .map(HostRule::host).toList();
    if (!wildcards.isEmpty()) {
      throw new UnsupportedDataPlaneException(DataPlane.AMBIENT, "spec.allow",
          "wildcard hosts " + wildcards + " cannot be enforced in Istio ambient mode: ztunnel"
              + " sends a connection to the waypoint by the ServiceEntry's address, and a wildcard"
              + " entry has none; list the exact hosts, or set spec.istio.mode: Off to enforce"
              + " with the NetworkPolicy only");
    }
  }
}
