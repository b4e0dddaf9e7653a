package io.sandboxegress.diagnose;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePort;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import io.sandboxegress.render.OwnedLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The namespace's own ServiceEntries (not the operator's), as they bear on the sandboxes. The
 * operator's Sidecar imports hosts only from the sandboxes' namespace ("./host"), so these are the
 * only entries that can add to what the sandboxes' sidecars route: one that declares a host the
 * Sidecar imports, with more ports, addresses, or resolution NONE (Envoy forwards to whatever
 * address the sandbox dialled), widens the spec. Entries the Sidecar does not import are inert for
 * the sandboxes, whatever they declare.
 */
final class ServiceEntryFindings {

  /** One entry: what it does for the sandboxes in words, and the conflict when it widens. */
  record Finding(ServiceEntry entry, String text, Optional<Conflict> conflict) {}

  private ServiceEntryFindings() {}

  static List<Finding> of(NamespaceObjects objects, Optional<OwnedEgress> owned) {
    List<Finding> findings = new ArrayList<>();
    for (ServiceEntry entry : objects.serviceEntries()) {
      if (owned.map(o -> o.owns(entry)).orElse(false) || entry.getSpec() == null) {
        continue;
      }
      findings.add(finding(objects, owned, entry));
    }
    return findings;
  }

  /**
   * Only an entry the operator's Sidecar imports can conflict: the others are passed over before
   * their description is written, as a namespace of many SandboxEgresses holds thousands of entries
   * (each SandboxEgress's own) and every reconciliation of each would describe them all.
   */
  static List<Conflict> conflicts(NamespaceObjects objects, Optional<OwnedEgress> owned) {
    if (owned.isEmpty() || !owned.get().rendersSidecar() || !objects.sidecarsInjected()) {
      return List.of();
    }
    OwnedEgress ours = owned.get();
    String namespace = objects.sandboxes().namespace();
    List<Conflict> conflicts = new ArrayList<>();
    // Entries that declare the same thing widen alike: the other SandboxEgresses of a namespace
    // that allow the same hosts have entries with the same hosts, ports and addresses, so each
    // comparison is made once per reconciliation, not once per entry.
    Map<List<Object>, Boolean> widens = new HashMap<>();
    for (ServiceEntry entry : objects.serviceEntries()) {
      if (entry.getSpec() == null || !visibleIn(entry, namespace)) {
        continue;
      }
      List<String> imported = imported(ours, entry);
      if (imported.isEmpty() || ours.owns(entry)) {
        continue;
      }
      List<Object> declared = Arrays.asList(imported, ports(entry).stream().map(ServicePort::getNumber).toList(),
          entry.getSpec().getAddresses(), entry.getSpec().getResolution());
      if (widens.computeIfAbsent(declared, k -> !widening(entry, imported, ours).isEmpty())) {
        finding(objects, owned, entry).conflict().ifPresent(conflicts::add);
      }
    }
    return conflicts;
  }

  /** The hosts of {@code entry} that the operator's Sidecar imports. */
  private static List<String> imported(OwnedEgress ours, ServiceEntry entry) {
    return hosts(entry).stream()
        .filter(h -> ours.sidecarHosts().stream().anyMatch(s -> HostMatch.overlaps(s, h))).toList();
  }

  private static Finding finding(NamespaceObjects objects, Optional<OwnedEgress> owned, ServiceEntry entry) {
    String declares = declares(entry);
    String export = exportNote(entry, objects.sandboxes().namespace());
    if (!visibleIn(entry, objects.sandboxes().namespace())) {
      return new Finding(entry, declares + "; not exported to this namespace, so not in the sandboxes'"
          + " registry" + export, Optional.empty());
    }
    if (!objects.sidecarsInjected()) {
      return new Finding(entry, declares + "; the sandboxes run no Istio sidecar here, so it does not"
          + " apply to their egress" + export, Optional.empty());
    }
    if (owned.isEmpty() || !owned.get().rendersSidecar()) {
      return new Finding(entry, declares + "; in the sandboxes' registry (no Sidecar of the operator"
          + " limits what they import): their sidecars can reach these hosts even under REGISTRY_ONLY"
          + export, Optional.empty());
    }
    OwnedEgress ours = owned.get();
    List<String> imported = imported(ours, entry);
    if (imported.isEmpty()) {
      return new Finding(entry, declares + "; not imported by the Sidecar of SandboxEgress " + ours.name()
          + " (it imports only " + String.join(", ", ours.sidecarHosts().stream().map(h -> "./" + h).toList())
          + "), so the sandboxes' sidecars do not route to it: it does not widen their egress" + export,
          Optional.empty());
    }
    List<String> widening = widening(entry, imported, ours);
    if (widening.isEmpty()) {
      return new Finding(entry, declares + "; imported by the Sidecar of SandboxEgress " + ours.name()
          + " for " + String.join(", ", imported) + ", and declares nothing the spec does not allow"
          + export, Optional.empty());
    }
    Optional<String> otherOwner = operatorOwner(entry);
    if (otherOwner.isPresent()) {
      // The operator's own entry for another SandboxEgress: Istio imports it all the same, but the
      // cause is two SandboxEgress objects in one namespace, not a foreign object: advice, so one
      // policy's status does not go red for the other's spec.
      String advice = "ServiceEntry of SandboxEgress " + otherOwner.get() + " in the same namespace declares "
          + String.join(", ", imported) + ", which the Sidecar of SandboxEgress " + ours.name() + " imports too"
          + " (\"./\" imports every entry of the namespace for that host), and " + String.join("; ", widening)
          + ": its sandboxes can use that as well. Fix: give both SandboxEgress objects the same ports for"
          + " these hosts, or put their sandboxes in different namespaces.";
      return new Finding(entry, declares + "; imported, and " + String.join("; ", widening) + " (SandboxEgress "
          + otherOwner.get() + ")" + export, Optional.of(Conflicts.of(entry, ConflictEffect.Advice, advice)));
    }
    String message = "ServiceEntry in the sandboxes' namespace declares " + String.join(", ", imported)
        + ", which the Sidecar of SandboxEgress " + ours.name() + " imports (\"./\" imports every entry"
        + " of the namespace for that host), and " + String.join("; ", widening) + ": the sandboxes'"
        + " sidecars route that too, beyond spec.allow. Fix: give it an exportTo that leaves this"
        + " namespace out (e.g. exportTo: [istio-system]), or move it to another namespace; allow what"
        + " the sandboxes need in the SandboxEgress instead.";
    return new Finding(entry, declares + "; WIDENS: " + String.join("; ", widening) + export,
        Optional.of(Conflicts.of(entry, ConflictEffect.Widens, message)));
  }

  private static List<String> widening(ServiceEntry entry, List<String> imported, OwnedEgress ours) {
    List<String> widening = new ArrayList<>();
    Set<Integer> ourPorts = ours.serviceEntries().stream()
        .filter(e -> e.getSpec() != null && hosts(e).stream().anyMatch(h -> imported.stream()
            .anyMatch(i -> HostMatch.overlaps(h, i))))
        .flatMap(e -> ports(e).stream()).map(ServicePort::getNumber).filter(Objects::nonNull)
        .map(Long::intValue).collect(Collectors.toSet());
    List<String> extraPorts = ports(entry).stream().map(ServicePort::getNumber).filter(Objects::nonNull)
        .map(Long::intValue).filter(p -> !ourPorts.contains(p)).map(String::valueOf).distinct().toList();
    if (!extraPorts.isEmpty()) {
      widening.add("opens port " + String.join(", ", extraPorts) + " that the spec does not allow for it");
    }
    List<String> broader = imported.stream().filter(h -> ours.sidecarHosts().stream()
        .noneMatch(s -> HostMatch.covers(s, h))).toList();
    if (!broader.isEmpty()) {
      widening.add("its host " + String.join(", ", broader) + " is wider than the allowed name");
    }
    // the same addresses or resolution as the operator's own entry for the host add nothing
    List<ServiceEntry> oursForHost = ours.serviceEntries().stream().filter(e -> e.getSpec() != null
        && hosts(e).stream().anyMatch(h -> imported.stream().anyMatch(i -> HostMatch.overlaps(h, i)))).toList();
    Set<String> ourAddresses = oursForHost.stream().flatMap(e -> e.getSpec().getAddresses() == null
        ? java.util.stream.Stream.<String>empty() : e.getSpec().getAddresses().stream()).collect(Collectors.toSet());
    List<String> addresses = entry.getSpec().getAddresses() == null ? List.of() : entry.getSpec().getAddresses()
        .stream().filter(a -> !ourAddresses.contains(a)).toList();
    if (!addresses.isEmpty()) {
      widening.add("routes the addresses " + String.join(", ", addresses) + " to it");
    }
    boolean oursNone = oursForHost.stream().anyMatch(e -> e.getSpec().getResolution() == ServiceEntryResolution.NONE);
    if (entry.getSpec().getResolution() == ServiceEntryResolution.NONE && !oursNone) {
      widening.add("has resolution NONE, so Envoy forwards to whatever address the sandbox dialled");
    }
    return widening;
  }

  private static Optional<String> operatorOwner(ServiceEntry entry) {
    var labels = entry.getMetadata().getLabels();
    return labels != null && OwnedLabels.MANAGED_BY_VALUE.equals(labels.get(OwnedLabels.MANAGED_BY))
        ? Optional.ofNullable(labels.get(OwnedLabels.OWNER)) : Optional.empty();
  }

  /** e.g. "hosts *.example.com on 443/TLS, resolution NONE". */
  static String declares(ServiceEntry entry) {
    var spec = entry.getSpec();
    String ports = ports(entry).isEmpty() ? "no ports" : String.join(", ", ports(entry).stream()
        .map(p -> p.getNumber() + "/" + (p.getProtocol() == null ? "TCP" : p.getProtocol())).toList());
    return "hosts " + String.join(", ", hosts(entry)) + " on " + ports
        + (spec.getAddresses() == null || spec.getAddresses().isEmpty() ? ""
            : ", addresses " + String.join(", ", spec.getAddresses()))
        + ", resolution " + (spec.getResolution() == null ? "NONE" : spec.getResolution().name());
  }

  private static String exportNote(ServiceEntry entry, String namespace) {
    List<String> exportTo = entry.getSpec().getExportTo();
    if (exportTo == null || exportTo.isEmpty() || exportTo.contains("*")) {
      return "; exported to every namespace of the mesh (no exportTo), so every workload under"
          + " REGISTRY_ONLY can reach these hosts: give it exportTo: [\".\"] unless that is meant";
    }
    return "";
  }

  private static boolean visibleIn(ServiceEntry entry, String namespace) {
    List<String> exportTo = entry.getSpec().getExportTo();
    return exportTo == null || exportTo.isEmpty() || exportTo.contains("*") || exportTo.contains(".")
        || exportTo.contains(namespace);
  }

  private static List<String> hosts(ServiceEntry entry) {
    return entry.getSpec().getHosts() == null ? List.of() : entry.getSpec().getHosts();
  }

  private static List<ServicePort> ports(ServiceEntry entry) {
    return entry.getSpec().getPorts() == null ? List.of() : entry.getSpec().getPorts();
  }
}
