package io.sandboxegress.diagnose;

import io.fabric8.istio.api.networking.v1.Sidecar;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import io.sandboxegress.api.Policy;
import io.sandboxegress.render.OwnedLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sidecars that compete with the operator's for the sandboxes, or that close their egress.
 *
 * <p>Istio applies one Sidecar per workload: one whose workloadSelector selects it, else the
 * namespace's Sidecar without workloadSelector. Two Sidecars with a workloadSelector selecting one
 * workload (or two without one in a namespace) is undefined behaviour. So a namespace-wide Sidecar
 * does not compete with the operator's, which selects the sandboxes, but it decides for them when
 * no Sidecar selects them.
 */
final class SidecarConflicts {

  private SidecarConflicts() {}

  static List<Conflict> find(NamespaceObjects objects, Optional<OwnedEgress> owned) {
    List<Sidecar> selecting = new ArrayList<>();
    List<Sidecar> namespaceWide = new ArrayList<>();
    for (Sidecar sidecar : objects.sidecars()) {
      if (owned.map(o -> o.owns(sidecar)).orElse(false)) {
        continue;
      }
      if (SandboxSelection.namespaceWide(sidecar)) {
        namespaceWide.add(sidecar);
      } else if (SandboxSelection.of(objects.sandboxes(), sidecar).selectsAny()) {
        selecting.add(sidecar);
      }
    }
    boolean ours = owned.map(OwnedEgress::rendersSidecar).orElse(false);
    boolean selectedByAnother = selecting.stream()
        .anyMatch(s -> SandboxSelection.of(objects.sandboxes(), s) == SelectorOverlap.ALL);
    boolean egressWanted = owned.map(o -> o.policy() != Policy.DenyAll).orElse(true);
    List<Conflict> conflicts = new ArrayList<>();
    for (Sidecar sidecar : selecting) {
      if (ours) {
        conflicts.add(Conflicts.of(sidecar, ConflictEffect.Undefined, competesWithOurs(objects, sidecar, owned.orElseThrow())));
      } else if (selecting.size() > 1) {
        conflicts.add(Conflicts.of(sidecar, ConflictEffect.Advice, competesWithOthers(objects, sidecar, selecting)));
      } else if (objects.sidecarsInjected() && egressWanted && SidecarText.registryOnly(sidecar)) {
        conflicts.add(Conflicts.of(sidecar, closing(owned), closesEgress(objects, sidecar, owned)));
      }
    }
    for (Sidecar sidecar : namespaceWide) {
      if (namespaceWide.size() > 1) {
        // the operator's Sidecar, when there is one, selects the sandboxes and wins over these
        conflicts.add(Conflicts.of(sidecar, ConflictEffect.Advice, "Sidecar without workloadSelector, and namespace "
            + objects.sandboxes().namespace() + " has " + namespaceWide.size() + " of them: Istio's"
            + " behaviour is undefined when a namespace has more than one, so any of them may decide"
            + " what the sandboxes' sidecars reach (this one: " + SidecarText.describe(sidecar) + ")."
            + " Fix: keep one Sidecar without workloadSelector per namespace (Istio recommends the"
            + " name default) and delete the others."));
      } else if (!ours && !selectedByAnother && objects.sidecarsInjected() && egressWanted
          && SidecarText.registryOnly(sidecar)) {
        conflicts.add(Conflicts.of(sidecar, closing(owned), closesEgress(objects, sidecar, owned)));
      }
    }
    return conflicts;
  }

  /** With a SandboxEgress, a Sidecar that closes the sandboxes' egress decides instead of its spec. */
  private static ConflictEffect closing(Optional<OwnedEgress> owned) {
    return owned.isPresent() ? ConflictEffect.Overrides : ConflictEffect.Advice;
  }

  private static String competesWithOurs(NamespaceObjects objects, Sidecar sidecar, OwnedEgress owned) {
    Map<String, String> labels = sidecar.getMetadata().getLabels() == null ? Map.of()
        : sidecar.getMetadata().getLabels();
    boolean operators = OwnedLabels.MANAGED_BY_VALUE.equals(labels.get(OwnedLabels.MANAGED_BY));
    String fix = operators
        ? " Fix: it belongs to SandboxEgress " + labels.get(OwnedLabels.OWNER) + ", whose podSelector"
            + " overlaps the one of SandboxEgress " + owned.name() + ": change the podSelectors so"
            + " that each sandbox pod is selected by one SandboxEgress."
        : " Fix: change its workloadSelector so that it does not match the sandboxes, or delete it"
            + " and let SandboxEgress " + owned.name() + " decide the sandboxes' egress.";
    return "Sidecar selects the same pods as the operator's Sidecar for SandboxEgress " + owned.name()
        + " (" + selection(objects, sidecar) + "): Istio's behaviour is undefined when two Sidecars"
        + " with a workloadSelector select one workload, so either may decide what the sandboxes'"
        + " sidecars reach (this one: " + SidecarText.describe(sidecar) + ")." + fix;
  }

  private static String competesWithOthers(NamespaceObjects objects, Sidecar sidecar,
      List<Sidecar> selecting) {
    List<String> others = selecting.stream().filter(s -> s != sidecar)
        .map(s -> s.getMetadata().getName()).toList();
    return "Sidecar selects the sandboxes (" + selection(objects, sidecar) + ") as Sidecar "
        + String.join(", ", others) + " does: Istio's behaviour is undefined when two Sidecars with"
        + " a workloadSelector select one workload, so either may decide what the sandboxes'"
        + " sidecars reach (this one: " + SidecarText.describe(sidecar) + "). Fix: keep one Sidecar"
        + " per workload: change the workloadSelectors so that they do not overlap, or delete all"
        + " but one.";
  }

  private static String closesEgress(NamespaceObjects objects, Sidecar sidecar,
      Optional<OwnedEgress> owned) {
    boolean namespaceWide = SandboxSelection.namespaceWide(sidecar);
    String scope = namespaceWide
        ? "it has no workloadSelector, so it applies to every workload of namespace "
            + objects.sandboxes().namespace() + " that no other Sidecar selects, the sandboxes included"
        : selection(objects, sidecar);
    String fix = owned.isPresent()
        ? " SandboxEgress " + owned.get().name() + " asks for " + owned.get().policy() + " but has no"
            + " Sidecar of the operator here (spec.istio.mode Off, or nothing applied yet), so nothing"
            + " overrides this one for the sandboxes."
            + " Fix: set spec.istio.mode to Auto or Sidecar, so that the operator's Sidecar decides"
            + " for the sandboxes" + (namespaceWide ? " (a Sidecar that selects a workload wins over"
            + " one without workloadSelector)" : ", and delete this one") + "."
        : " Fix: create a SandboxEgress for the sandboxes, whose Sidecar selects them and declares"
            + " the hosts they may reach" + (namespaceWide ? " (a Sidecar that selects a workload wins"
            + " over one without workloadSelector)" : ", and delete this one") + "; or declare the"
            + " hosts they need with ServiceEntries.";
    return "Sidecar sets outboundTrafficPolicy REGISTRY_ONLY for the sandboxes' sidecars (" + scope
        + "): requests to hosts that are not in Istio's registry go to the BlackHoleCluster, so plain"
        + " HTTP gets 502 from envoy and TLS is reset during the handshake (this one: "
        + SidecarText.describe(sidecar) + ")." + fix;
  }

  private static String selection(NamespaceObjects objects, Sidecar sidecar) {
    return SandboxSelection.how(objects.sandboxes(), SandboxSelection.of(objects.sandboxes(), sidecar),
        SelectorText.describe(SandboxSelection.labels(sidecar)), "");
  }
}
