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
import io.sandboxegress.compile.Compilation;
import io.sandboxegress.compile.CompileFacts;
import io.sandboxegress.compile.DataPlaneResolver;
import io.sandboxegress.compile.EgressCompiler;
import io.sandboxegress.compile.IstioStatus;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.FieldError;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code diagnose}: for one namespace, in plain words, its data plane, the mesh-wide outbound
 * policy, the SandboxEgress objects there, what each compiles to and its status, the objects that
 * select the sandboxes, and each conflict with its fix. Works with no SandboxEgress at all.
 *
 * <p>What a SandboxEgress renders to comes from {@link EgressCompiler}, the operator's own path,
 * with the facts read from the cluster as the operator reads them (Istio's APIs served, the
 * namespace's labels) and those it cannot read given as options (the cluster's ranges, protected
 * namespaces): a spec the operator refuses is reported with the compiler's reason and fields, and
 * the objects it owns are those the compiler renders, as for the operator's conflict detection.
 */
public final class Diagnoser {

  private final KubernetesClient client;
  private final IstioNamespaces istio;
  private final ClusterView cluster;
  private final ClusterNetworks networks;
  private final Set<String> protectedNamespaces;
  private final EgressCompiler compiler = new EgressCompiler();

  /**
   * @param networks the cluster's ranges, as the operator is configured with them
   * @param protectedNamespaces the namespaces where the operator refuses a SandboxEgress
   */
  public Diagnoser(KubernetesClient client, IstioNamespaces istio, ClusterNetworks networks,
      Set<String> protectedNamespaces) {
    this.client = client;
    this.istio = istio;
    this.cluster = new ClientClusterView(client);
    this.networks = networks;
    this.protectedNamespaces = Set.copyOf(protectedNamespaces);
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
    CompileFacts facts = new CompileFacts(everyPod.istioInstalled(), networks, IstioMesh.defaults(),
        protectedNamespaces);
    for (SandboxEgress cr : crs) {
      out.println();
      Compilation compiled = compiler.compile(cr, everyPod.namespaceLabels(), facts);
      writeSandboxEgress(cr, compiled, out);
      writeFindings(withSandboxes(everyPod, Sandboxes.of(cr)), Optional.of(owned(cr, compiled, everyPod)), out);
    }
    out.flush();
    return true;
  }

  private void writeNamespace(NamespaceObjects objects, PrintWriter out) {
    out.println("Namespace: " + objects.sandboxes().namespace());
    IstioStatus istioStatus = DataPlaneResolver.resolve(IstioMode.Auto, objects.istioInstalled(),
        objects.namespaceLabels()).istioStatus();
    out.println("Data plane: " + switch (istioStatus) {
      case Sidecar -> "Istio sidecars (the namespace's labels ask for injection)";
      case Ambient -> "Istio ambient mode (istio.io/dataplane-mode=ambient)";
      case NotInMesh -> "no mesh: Istio is installed but the namespace is not in the mesh";
      // Off is spec.istio.mode's, never the namespace's (mode Auto)
      case NotInstalled, Off -> "no mesh: Istio is not installed (its APIs are not served)";
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

  /**
   * What the operator treats as this SandboxEgress's own, as its conflict detection does: the
   * objects the compiler renders for the spec. While a rollback holds this generation back, or
   * when the compiler refuses the spec, the operator keeps other objects in force: those its
   * status names and the cluster holds.
   */
  static OwnedEgress owned(SandboxEgress cr, Compilation compiled, NamespaceObjects objects) {
    return compiled.isRefused() || rollbackHolds(cr) ? OwnedEgress.fromCluster(cr, objects)
        : OwnedEgress.of(cr, compiled.bundle());
  }

  private static boolean rollbackHolds(SandboxEgress cr) {
    return cr.getStatus() != null
        && Objects.equals(cr.getStatus().getRolledBackGeneration(), cr.getMetadata().getGeneration());
  }

  private void writeSandboxEgress(SandboxEgress cr, Compilation compiled, PrintWriter out) {
    String policy = cr.getSpec().getPolicy() == null ? "AllowList" : cr.getSpec().getPolicy().name();
    out.println("== SandboxEgress " + cr.getMetadata().getName() + ": policy " + policy
        + ", podSelector " + SelectorText.describe(cr.getSpec().getPodSelector()));
    out.println("  " + compiledLine(compiled));
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
    inForceDiffers(cr, compiled).ifPresent(line -> out.println("  " + line));
    if (status.getProbes() != null) {
      for (ProbeStatus probe : status.getProbes()) {
        out.println("  Probe " + probe.getTarget() + ": expected " + probe.getExpect() + ", observed "
            + probe.getOutcome() + " (" + probe.getReason() + "): " + probe.getVerdict()
            + (probe.getCause() == null ? "" : "; likely cause: " + probe.getCause()));
      }
    }
  }

  /** What the compiler makes of the spec with this cluster's facts, in one line. */
  static String compiledLine(Compilation compiled) {
    if (compiled.isRefused()) {
      return "Compiles to: nothing, refused (" + compiled.refusedReason().wire() + "): "
          + compiled.errors().stream().map(FieldError::toString).collect(Collectors.joining("; "))
          + "; the operator applies nothing for this spec";
    }
    List<ResourceRef> refs = compiled.bundle().resourceRefs();
    return "Compiles to: " + refs.size() + " objects (Istio " + compiled.dataPlane().istioStatus().wire() + "): "
        + refs.stream().map(ResourceRef::toString).collect(Collectors.joining(", "));
  }

  /**
   * When status is of this generation and no rollback holds, the objects it names are the ones
   * the compiler renders; when not, why they may differ.
   */
  private static Optional<String> inForceDiffers(SandboxEgress cr, Compilation compiled) {
    SandboxEgressStatus status = cr.getStatus();
    if (compiled.isRefused() || rollbackHolds(cr) || status.getResources() == null
        || !Objects.equals(status.getObservedGeneration(), cr.getMetadata().getGeneration())) {
      return Optional.empty();
    }
    Set<ResourceRef> inStatus = new LinkedHashSet<>(status.getResources());
    Set<ResourceRef> rendered = new LinkedHashSet<>(compiled.bundle().resourceRefs());
    if (inStatus.equals(rendered)) {
      return Optional.empty();
    }
    List<String> missing = rendered.stream().filter(r -> !inStatus.contains(r)).map(ResourceRef::toString).toList();
    List<String> extra = inStatus.stream().filter(r -> !rendered.contains(r)).map(ResourceRef::toString).toList();
    return Optional.of("Owns differs from what it compiles to here:"
        + (missing.isEmpty() ? "" : " only compiled: " + String.join(", ", missing) + ";")
        + (extra.isEmpty() ? "" : " only owned: " + String.join(", ", extra) + ";")
        + " the operator's facts may differ from these (--pod-cidr, --service-cidr, --protected-namespace)");
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
