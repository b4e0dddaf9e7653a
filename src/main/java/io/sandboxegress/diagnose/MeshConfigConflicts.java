package io.sandboxegress.diagnose;

import io.fabric8.istio.api.networking.v1.Sidecar;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import io.sandboxegress.api.Policy;
import java.util.List;
import java.util.Optional;

/**
 * The mesh-wide {@code outboundTrafficPolicy} where it decides for the sandboxes and contradicts
 * what they should reach.
 *
 * <p>It decides only for pods that run an Istio sidecar, and only when no Sidecar that applies to
 * them sets its own mode: the operator's Sidecar always does (REGISTRY_ONLY for AllowList and
 * DenyAll, ALLOW_ANY for AllowInternet), so mesh-wide ALLOW_ANY with an AllowList SandboxEgress is
 * fine, and so is any mode in a namespace outside the mesh. What remains is mesh-wide REGISTRY_ONLY
 * for sandboxes with sidecars but without the operator's Sidecar (no SandboxEgress, or
 * {@code istio.mode: Off}): every host not in Istio's registry is cut off.
 */
final class MeshConfigConflicts {

  private MeshConfigConflicts() {}

  static List<Conflict> find(NamespaceObjects objects, Optional<OwnedEgress> owned) {
    Optional<MeshSettings> mesh = objects.mesh();
    if (mesh.isEmpty() || !mesh.get().registryOnly() || !objects.sidecarsInjected()
        || owned.map(OwnedEgress::rendersSidecar).orElse(false)
        || owned.map(o -> o.policy() == Policy.DenyAll).orElse(false)
        || anotherSidecarSetsMode(objects, owned)) {
      return List.of();
    }
    String fix = owned.isPresent()
        ? " SandboxEgress " + owned.get().name() + " asks for " + owned.get().policy() + ", but the"
            + " operator has no Sidecar for the sandboxes (spec.istio.mode Off, or nothing applied"
            + " yet), so nothing overrides the mesh default for them. Fix: set spec.istio.mode to Auto"
            + " or Sidecar, so that the operator's Sidecar sets the mode for the sandboxes and"
            + " declares their allowed hosts."
        : " Fix: create a SandboxEgress for the sandboxes (its Sidecar sets the mode for them and"
            + " declares the hosts they may reach), or declare the hosts they need with"
            + " ServiceEntries; changing the mesh-wide mode affects every workload of the mesh.";
    // with a SandboxEgress, the mesh decides for the sandboxes instead of its spec: an override
    ConflictEffect effect = owned.isPresent() ? ConflictEffect.Overrides : ConflictEffect.Advice;
    return List.of(Conflicts.of(mesh.get().configMap(), effect, "mesh-wide outboundTrafficPolicy is"
        + " REGISTRY_ONLY (" + mesh.get().where() + ", data.mesh) and the sandboxes run Istio"
        + " sidecars (namespace " + objects.sandboxes().namespace() + " is in the mesh): requests to"
        + " hosts that are not in Istio's registry (no Service, no ServiceEntry) go to the"
        + " BlackHoleCluster, so plain HTTP gets 502 from envoy and TLS is reset during the"
        + " handshake." + fix));
  }

  /** A Sidecar of someone else that applies to the sandboxes and sets a mode decides instead. */
  private static boolean anotherSidecarSetsMode(NamespaceObjects objects, Optional<OwnedEgress> owned) {
    List<Sidecar> others = objects.sidecars().stream()
        .filter(s -> !owned.map(o -> o.owns(s)).orElse(false)).toList();
    boolean selected = others.stream().anyMatch(s -> !SandboxSelection.namespaceWide(s)
        && SandboxSelection.of(objects.sandboxes(), s) == SelectorOverlap.ALL);
    return others.stream()
        .filter(s -> selected ? !SandboxSelection.namespaceWide(s)
            && SandboxSelection.of(objects.sandboxes(), s) == SelectorOverlap.ALL
            : SandboxSelection.namespaceWide(s))
        .anyMatch(s -> SidecarText.mode(s).isPresent());
  }
}
