package io.sandboxegress.render;

import io.sandboxegress.api.IstioMode;
import io.sandboxegress.api.Policy;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.EgressGateway;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.HostRule;
import java.util.List;
import java.util.Optional;

/** Which Istio data plane this plan configures, and what goes through the gateway or waypoint. */
final class Mesh {

  private Mesh() {}

  /** The sandboxes have Istio sidecars that this plan configures (with or without a gateway). */
  static boolean sidecar(EgressPlan plan, ClusterFacts facts) {
    return facts.dataPlane() == DataPlane.SIDECAR && plan.istioMode() != IstioMode.Off;
  }

  /** The sandboxes are in Istio's ambient mesh, and this plan configures it. */
  static boolean ambient(EgressPlan plan, ClusterFacts facts) {
    return facts.dataPlane() == DataPlane.AMBIENT && plan.istioMode() != IstioMode.Off;
  }

  /** The egress gateway the sidecars send hosts through, when the plan names one. */
  static Optional<EgressGateway> gateway(EgressPlan plan, ClusterFacts facts) {
    return sidecar(plan, facts) ? plan.egressGateway() : Optional.empty();
  }

  /** The hosts the sandboxes reach through Istio: AllowList hosts; none for other policies. */
  static List<HostRule> hosts(EgressPlan plan) {
    return plan.policy() == Policy.AllowList ? plan.hosts() : List.of();
  }

  /** The hosts that go through the egress gateway: empty without one. */
  static List<HostRule> gatewayHosts(EgressPlan plan, ClusterFacts facts) {
    return gateway(plan, facts).isPresent() ? hosts(plan) : List.of();
  }

  /** The hosts that go through the waypoint: empty outside ambient mode. */
  static List<HostRule> waypointHosts(EgressPlan plan, ClusterFacts facts) {
    return ambient(plan, facts) ? hosts(plan) : List.of();
  }
}
