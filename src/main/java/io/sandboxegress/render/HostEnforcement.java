package io.sandboxegress.render;

import io.sandboxegress.api.Policy;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.EgressGateway;
import io.sandboxegress.plan.EgressPlan;
import java.util.Optional;

/** In words, where the plan's host names are enforced: for {@code status.dataPlane}. */
final class HostEnforcement {

  private HostEnforcement() {}

  static String describe(EgressPlan plan, ClusterFacts facts) {
    if (Mesh.ambient(plan, facts)) {
      return ambient(plan, facts.mesh());
    }
    Optional<EgressGateway> gateway = Mesh.gateway(plan, facts);
    if (gateway.isPresent() && !Mesh.gatewayHosts(plan, facts).isEmpty()) {
      return "hosts enforced at the egress gateway in " + gateway.get().namespace()
          + " (AuthorizationPolicy on SNI/Host, Istio mutual TLS from the sidecar); the"
          + " NetworkPolicy allows hosts' traffic only to the gateway pods, and the gateway's"
          + " NetworkPolicy lets it reach only public addresses on the hosts' ports";
    }
    if (gateway.isPresent() && plan.policy() == Policy.AllowInternet) {
      return "public internet on every port (Istio sidecar ALLOW_ANY, not through the egress"
          + " gateway: AllowInternet names no hosts to route); the NetworkPolicy blocks private,"
          + " link-local and cluster ranges";
    }
    return describe(plan, Mesh.sidecar(plan, facts));
  }

  private static String ambient(EgressPlan plan, IstioMesh mesh) {
    if (plan.policy() == Policy.DenyAll) {
      return "no hosts allowed: only cluster DNS (Istio ambient)";
    }
    if (plan.policy() == Policy.AllowInternet) {
      return "public internet on every port (Istio ambient, no waypoint); the NetworkPolicy"
          + " blocks private, link-local and cluster ranges";
    }
    if (plan.hosts().isEmpty()) {
      return "no hosts allowed: only the listed CIDRs (Istio ambient)";
    }
    return "hosts enforced at the waypoint " + mesh.waypointNamespaceFor(plan.namespace()) + "/"
        + mesh.waypointName() + " (AuthorizationPolicy on each ServiceEntry); the NetworkPolicy"
        + " allows hosts' traffic only as HBONE to the waypoint";
  }

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
            + wildcards(plan)
        : "hosts enforced at port level only (no mesh)";
  }

  /** What the sidecar checks of wildcard hosts: the name it resolves (DYNAMIC_DNS), or nothing on TCP. */
  private static String wildcards(EgressPlan plan) {
    if (plan.wildcardHosts().isEmpty()) {
      return "";
    }
    java.util.List<String> byAddress = plan.wildcardHosts().stream()
        .filter(h -> !ServiceEntryGroups.resolvesByName(h.ports())).map(h -> h.host()).sorted().toList();
    return byAddress.isEmpty()
        ? "; wildcard hosts are resolved by name at the sidecar (DYNAMIC_DNS), never sent to the address dialled"
        : "; wildcard hosts on TCP ports " + byAddress + " carry no name to check: the sidecar passes any"
            + " address on those ports";
  }
}
