package io.sandboxegress.render;

import io.sandboxegress.api.IstioMode;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.EgressPlan;

/** Whether the sandboxes have Istio sidecars that this plan configures. */
final class Mesh {

  private Mesh() {}

  static boolean sidecar(EgressPlan plan, ClusterFacts facts) {
    return facts.dataPlane() == DataPlane.SIDECAR && plan.istioMode() != IstioMode.Off;
  }
}
