package io.sandboxegress.diagnose;

import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.Bundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the objects in the cluster that undermine what a SandboxEgress asks for, or, without one,
 * that cut the sandboxes off: DENY and deny-all AuthorizationPolicies, competing or closing
 * Sidecars, NetworkPolicies that widen the SandboxEgress's, and a mesh-wide outboundTrafficPolicy
 * that contradicts it. The SandboxEgress's own objects are never reported.
 */
public final class ConflictFinder {

  private final ClusterView cluster;
  private final IstioNamespaces istio;

  public ConflictFinder(ClusterView cluster, IstioNamespaces istio) {
    this.cluster = cluster;
    this.istio = istio;
  }

  /** The conflicts of {@code cr}, whose objects are those of {@code bundle}; in a stable order. */
  public List<Conflict> find(SandboxEgress cr, Bundle bundle) {
    return findings(cr, bundle).conflicts();
  }

  /** The conflicts of {@code cr} and what explains its failing probes, from one read of the cluster. */
  public Findings findings(SandboxEgress cr, Bundle bundle) {
    Optional<OwnedEgress> owned = Optional.of(OwnedEgress.of(cr, bundle));
    NamespaceObjects objects = NamespaceObjects.read(cluster, istio, Sandboxes.of(cr));
    List<Conflict> conflicts = find(objects, owned);
    return new Findings(conflicts, Optional.of(new BlockedCause(objects, owned, conflicts)));
  }

  /**
   * The conflicts for {@code sandboxes}, in a stable order. With {@code owned}, what undermines
   * that SandboxEgress; without, what blocks the sandboxes (NetworkPolicies are then not judged:
   * there is no policy of the operator for them to widen).
   */
  public List<Conflict> find(Sandboxes sandboxes, Optional<OwnedEgress> owned) {
    return find(NamespaceObjects.read(cluster, istio, sandboxes), owned);
  }

  static List<Conflict> find(NamespaceObjects objects, Optional<OwnedEgress> owned) {
    List<Conflict> conflicts = new ArrayList<>();
    conflicts.addAll(AuthorizationPolicyConflicts.find(objects, owned));
    conflicts.addAll(SidecarConflicts.find(objects, owned));
    conflicts.addAll(ServiceEntryFindings.conflicts(objects, owned));
    owned.ifPresent(o -> conflicts.addAll(NetworkPolicyConflicts.find(objects, o)));
    conflicts.addAll(MeshConfigConflicts.find(objects, owned));
    conflicts.sort(Conflicts.ORDER);
    return List.copyOf(conflicts);
  }
}
