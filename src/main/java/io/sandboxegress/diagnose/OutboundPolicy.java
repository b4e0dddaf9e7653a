package io.sandboxegress.diagnose;

import io.fabric8.istio.api.networking.v1.Sidecar;
import java.util.List;
import java.util.Optional;

/**
 * Which outbound traffic policy is in force for the sandboxes' sidecars, and what sets it: the one
 * Sidecar that selects them, else the namespace's Sidecar without workloadSelector, else the
 * mesh-wide setting (Istio's default ALLOW_ANY when none is written). Two candidates at the same
 * level make it undefined.
 */
final class OutboundPolicy {

  private OutboundPolicy() {}

  static String describe(NamespaceObjects objects) {
    if (!objects.sidecarsInjected()) {
      return "none: the sandboxes run no Istio sidecar, so only NetworkPolicies decide their egress";
    }
    List<Sidecar> selecting = objects.sidecars().stream().filter(s -> !SandboxSelection.namespaceWide(s)
        && SandboxSelection.of(objects.sandboxes(), s).selectsAny()).toList();
    if (selecting.size() > 1) {
      return "undefined: Sidecars " + names(selecting) + " all select the sandboxes, and Istio may apply"
          + " any of them (" + String.join("; ", selecting.stream()
              .map(s -> s.getMetadata().getName() + ": " + mode(s, objects)).toList()) + ")";
    }
    if (selecting.size() == 1) {
      return mode(selecting.get(0), objects) + ", from Sidecar " + name(selecting.get(0))
          + " (it selects the sandboxes)";
    }
    List<Sidecar> namespaceWide = objects.sidecars().stream().filter(SandboxSelection::namespaceWide).toList();
    if (namespaceWide.size() > 1) {
      return "undefined: namespace " + objects.sandboxes().namespace() + " has " + namespaceWide.size()
          + " Sidecars without workloadSelector (" + names(namespaceWide) + ")";
    }
    if (namespaceWide.size() == 1) {
      return mode(namespaceWide.get(0), objects) + ", from Sidecar " + name(namespaceWide.get(0))
          + " (no workloadSelector: it applies to the namespace's workloads)";
    }
    return meshMode(objects) + " (no Sidecar applies to them)";
  }

  private static String mode(Sidecar sidecar, NamespaceObjects objects) {
    return SidecarText.mode(sidecar).map(Enum::name)
        .orElseGet(() -> meshMode(objects) + " (the Sidecar sets none)");
  }

  private static String meshMode(NamespaceObjects objects) {
    Optional<MeshSettings> mesh = objects.mesh();
    return mesh.map(m -> m.effectiveMode() + (m.outboundTrafficPolicyMode().isPresent()
            ? ", mesh-wide from " + m.where() : ", Istio's default (the mesh config sets none)"))
        .orElse(MeshSettings.ALLOW_ANY + ", Istio's default (no mesh config found)");
  }

  private static String names(List<Sidecar> sidecars) {
    return String.join(", ", sidecars.stream().map(OutboundPolicy::name).toList());
  }

  private static String name(Sidecar sidecar) {
    return sidecar.getMetadata().getNamespace() + "/" + sidecar.getMetadata().getName();
  }
}
