package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.ResourceRef;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.compile.DataPlaneResolver;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code diagnose}: for one namespace, in plain words, its data plane, the mesh-wide outbound
 * policy, the SandboxEgress objects there and their status, the objects that select the sandboxes,
 * and each conflict with its fix. Works with no SandboxEgress at all.
 */
public final class Diagnoser {

  private final KubernetesClient client;
  private final IstioNamespaces istio;
  private final ClusterView cluster;

  public Diagnoser(KubernetesClient client, IstioNamespaces istio) {
    this.client = client;
    this.istio = istio;
    this.cluster = new ClientClusterView(client);
  }

  /**
   * Writes the diagnosis of {@code namespace}. With SandboxEgress objects there, one section per
   * SandboxEgress (only those that can select pods of {@code selector}, when given); without, one
   * section for the pods of {@code selector}, or for every pod.
   *
   * @return false when the namespace does not exist (nothing else is written then)
   */
  public boolean diagnose(String namespace, Optional<LabelSelector> selector, PrintWriter out) {
    Namespace found = client.namespaces().withName(namespace).get();
    if (found == null) {
      return false;
    }
    NamespaceObjects everyPod = NamespaceObjects.read(cluster, istio, new Sandboxes(namespace, null));
    writeNamespace(everyPod, out);
    List<SandboxEgress> crs = client.resources(SandboxEgress.class).inNamespace(namespace).list()
        .getItems().stream()
        .filter(cr -> selector.isEmpty()
            || SelectorOverlap.of(selector.get(), cr.getSpec().getPodSelector()).selectsAny())
        .sorted(Comparator.comparing(cr -> cr.getMetadata().getName()))
        .toList();
    if (crs.isEmpty()) {
      out.println();
      out.println("SandboxEgress: none" + (selector.isPresent() ? " selecting these pods" : "")
          + " in namespace " + namespace + ": nothing of the operator's applies to the sandboxes.");
      Sandboxes sandboxes = new Sandboxes(namespace, selector.orElse(null));
      out.println();
      out.println("== " + capitalised(sandboxes.describe()) + " of namespace " + namespace
          + (selector.isPresent() ? " (from -l)" : " (no -l given)") + ": "
          + countPods(namespace, selector.orElse(null)) + " pods");
      writeFindings(withSandboxes(everyPod, sandboxes), Optional.empty(), out);
    }
    for (SandboxEgress cr : crs) {
      out.println();
      writeSandboxEgress(cr, everyPod, out);
      OwnedEgress owned = OwnedEgress.fromCluster(cr, everyPod);
      writeFindings(withSandboxes(everyPod, Sandboxes.of(cr)), Optional.of(owned), out);
    }
    out.flush();
    return true;
  }

  private void writeNamespace(NamespaceObjects objects, PrintWriter out) {
    out.println("Namespace: " + objects.sandboxes().namespace());
    String word = DataPlaneResolver.resolve(IstioMode.Auto, objects.istioInstalled(),
        objects.namespaceLabels()).istioStatus();
    out.println("Data plane: " + switch (word) {
      case "Sidecar" -> "Istio sidecars (the namespace's labels ask for injection)";
      case "Ambient" -> "Istio ambient mode (istio.io/dataplane-mode=ambient)";
      case "NotInMesh" -> "no mesh: Istio is installed but the namespace is not in the mesh";
      default -> "no mesh: Istio is not installed (its APIs are not served)";
    } + "; NetworkPolicies apply in any case, enforced by the cluster's network plugin");
    if (objects.istioInstalled()) {
      String where = "ConfigMap " + istio.meshConfigNamespace() + "/" + IstioNamespaces.MESH_CONFIG_MAP;
      out.println("Mesh-wide outboundTrafficPolicy: " + objects.mesh().map(mesh -> mesh.readError()
          .map(error -> "unknown: " + error + " (" + where + ")")
          .orElse(mesh.effectiveMode() + (mesh.outboundTrafficPolicyMode().isPresent()
              ? " (" + where + ")" : " (Istio's default; " + where + " does not set it)")))
          .orElse("unknown: " + where + " not found"));
    }
  }

  private void writeSandboxEgress(SandboxEgress cr, NamespaceObjects objects, PrintWriter out) {
    String policy = cr.getSpec().getPolicy() == null ? "AllowList" : cr.getSpec().getPolicy().name();
    out.println("== SandboxEgress " + cr.getMetadata().getName() + ": policy " + policy
        + ", podSelector " + SelectorText.describe(cr.getSpec().getPodSelector()));
    SandboxEgressStatus status = cr.getStatus();
    if (status == null || status.getObservedGeneration() == null) {
      out.println("  Status: none yet: the operator has not reconciled it (is it running?)");
      return;
    }
    for (Condition condition : status.getConditions()) {
      out.println("  " + condition.getType() + ": " + condition.getStatus() + " (" + condition.getReason()
          + ")" + (condition.getMessage() == null || condition.getMessage().isEmpty() ? ""
          : " " + condition.getMessage()));
    }
    if (!cr.getMetadata().getGeneration().equals(status.getObservedGeneration())) {
      out.println("  (status is of generation " + status.getObservedGeneration() + ", the spec is at "
          + cr.getMetadata().getGeneration() + ": the operator has not caught up)");
    }
    if (status.getDataPlane() != null) {
      out.println("  Data plane: NetworkPolicy " + status.getDataPlane().getNetworkPolicy() + ", Istio "
          + status.getDataPlane().getIstio() + Optional.ofNullable(status.getDataPlane().getHostEnforcement())
              .map(h -> "; " + h).orElse(""));
    }
    if (status.getMatchedPods() != null) {
      out.println("  Matched pods: " + status.getMatchedPods());
    }
    if (status.getResources() != null && !status.getResources().isEmpty()) {
      out.println("  Owns: " + String.join(", ", status.getResources().stream()
          .map(ResourceRef::toString).toList()));
    }
    if (status.getProbes() != null) {
      for (ProbeStatus probe : status.getProbes()) {
        out.println("  Probe " + probe.getTarget() + ": expected " + probe.getExpect() + ", observed "
            + probe.getOutcome() + " (" + probe.getReason() + "): " + probe.getVerdict()
            + (probe.getCause() == null ? "" : "; likely cause: " + probe.getCause()));
      }
    }
  }

  private void writeFindings(NamespaceObjects objects, Optional<OwnedEgress> owned, PrintWriter out) {
    out.println("Objects that select them:");
    List<String> selecting = SelectingObjects.describe(objects);
    if (selecting.isEmpty()) {
      out.println("  none");
    }
    selecting.forEach(line -> out.println("  " + line));
    if (objects.istioInstalled()) {
      out.println("Outbound traffic policy in force for them: " + OutboundPolicy.describe(objects));
      List<ServiceEntryFindings.Finding> entries = ServiceEntryFindings.of(objects, owned);
      out.println("ServiceEntries of namespace " + objects.sandboxes().namespace() + " (not the operator's): "
          + (entries.isEmpty() ? "none" : entries.size()));
      entries.forEach(f -> out.println("  ServiceEntry " + f.entry().getMetadata().getNamespace() + "/"
          + f.entry().getMetadata().getName() + ": " + f.text()));
    }
    List<Conflict> conflicts = ConflictFinder.find(objects, owned);
    if (conflicts.isEmpty()) {
      out.println("Conflicts: none found.");
      return;
    }
    out.println("Conflicts: " + conflicts.size());
    for (int i = 0; i < conflicts.size(); i++) {
      Conflict c = conflicts.get(i);
      out.println("  " + (i + 1) + ". " + c.getKind() + " " + c.getNamespace() + "/" + c.getName()
          + " (" + c.getApiVersion() + ") [" + effect(c) + "]");
      out.println("     " + c.getMessage());
    }
  }

  private static String effect(Conflict c) {
    if (c.getEffect() == null) {
      return "advice";
    }
    return switch (c.getEffect()) {
      case Widens -> "widens the spec: Ready=False";
      case Undefined -> "makes the outcome undefined: Ready=False";
      case Overrides -> "decides instead of the spec: Ready=False";
      case Advice -> "advice: Ready unaffected";
    };
  }

  private int countPods(String namespace, LabelSelector selector) {
    var pods = client.pods().inNamespace(namespace);
    return selector == null ? pods.list().getItems().size()
        : pods.withLabelSelector(selector).list().getItems().size();
  }

  private static NamespaceObjects withSandboxes(NamespaceObjects objects, Sandboxes sandboxes) {
    return objects.about(sandboxes);
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
