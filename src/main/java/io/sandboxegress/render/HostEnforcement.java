package io.sandboxegress.render;

import io.sandboxegress.api.Policy;
import io.sandboxegress.plan.EgressPlan;

/** In words, where the plan's host names are enforced: for {@code status.dataPlane}. */
final class HostEnforcement {

  private HostEnforcement() {}

  static String describe(EgressPlan plan, boolean sidecar) {
    if (plan.policy() == Policy.DenyAll) {
      return sidecar
          ? "no hosts allowed: only cluster DNS and istiod; the Istio sidecar imports no service"
            + " (REGISTRY_ONLY)"
          : "no hosts allowed: only cluster DNS (no mesh)";
    }
    if (plan.policy() == Policy.AllowInternet) {
      return sidecar
          ? "public internet on every port (Istio sidecar ALLOW_ANY); the NetworkPolicy blocks"
            + " private, link-local and cluster ranges"
          : "public internet on every port; the NetworkPolicy blocks private, link-local and"
            + " cluster ranges (no mesh)";
    }
    if (plan.hosts().isEmpty()) {
      return sidecar
          ? "no hosts allowed: only the listed CIDRs (Istio sidecar REGISTRY_ONLY)"
          : "no hosts allowed: only the listed CIDRs (no mesh)";
    }
    return sidecar
        ? "hosts enforced by the Istio sidecar (REGISTRY_ONLY); the NetworkPolicy limits ports"
        : "hosts enforced at port level only (no mesh)";
  }
}
