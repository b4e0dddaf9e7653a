package io.sandboxegress.diagnose;

import io.fabric8.istio.api.api.networking.v1alpha3.IstioEgressListener;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.sandboxegress.api.AllowRule;
import io.sandboxegress.api.Policy;
import io.sandboxegress.api.ResourceRef;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.ObjectNames;
import io.sandboxegress.render.OwnedLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one SandboxEgress asks for and owns: its objects are never reported as conflicts, and its
 * NetworkPolicy's egress rules are what another NetworkPolicy would widen.
 *
 * @param namespace the SandboxEgress's namespace
 * @param name the SandboxEgress's name
 * @param policy its {@code spec.policy}
 * @param objects the objects it owns (or would own, in DryRun)
 * @param egressRules the egress rules of its NetworkPolicy, when known
 * @param allow its {@code spec.allow}
 * @param sidecarHosts the hosts its Sidecar imports from the namespace ("./" taken off), when known
 * @param serviceEntries its own ServiceEntries, when known
 */
public record OwnedEgress(String namespace, String name, Policy policy, Set<ResourceRef> objects,
    Optional<List<NetworkPolicyEgressRule>> egressRules, List<AllowRule> allow, List<String> sidecarHosts,
    List<ServiceEntry> serviceEntries) {

  private static final String SIDECAR = "Sidecar";
  private static final String THIS_NAMESPACE = "./";

  public OwnedEgress {
    objects = Set.copyOf(objects);
    egressRules = egressRules.map(List::copyOf);
    allow = List.copyOf(allow);
    sidecarHosts = List.copyOf(sidecarHosts);
    serviceEntries = List.copyOf(serviceEntries);
  }

  OwnedEgress(String namespace, String name, Policy policy, Set<ResourceRef> objects,
      Optional<List<NetworkPolicyEgressRule>> egressRules) {
    this(namespace, name, policy, objects, egressRules, List.of(), List.of(), List.of());
  }

  /** From the bundle the reconciler rendered for {@code cr}. */
  public static OwnedEgress of(SandboxEgress cr, Bundle bundle) {
    List<NetworkPolicyEgressRule> rules = new ArrayList<>();
    boolean hasNetworkPolicy = false;
    // the sandboxes' NetworkPolicy, not an egress gateway's floor (which selects the gateway pods)
    String sandboxes = ObjectNames.forOwner(cr.getMetadata().getName());
    for (HasMetadata object : bundle.inOwnerNamespace()) {
      if (object instanceof NetworkPolicy policy && sandboxes.equals(policy.getMetadata().getName())) {
        hasNetworkPolicy = true;
        rules.addAll(egressOf(policy));
      }
    }
    return new OwnedEgress(cr.getMetadata().getNamespace(), cr.getMetadata().getName(), policy(cr),
        Set.copyOf(bundle.resourceRefs()), hasNetworkPolicy ? Optional.of(rules) : Optional.empty(),
        allow(cr), sidecarHosts(bundle.objects()), ofKind(bundle.objects(), ServiceEntry.class));
  }

  /** From what is in the cluster: its objects among those read for a diagnosis. */
  static OwnedEgress fromCluster(SandboxEgress cr, NamespaceObjects objects) {
    OwnedEgress withRules = fromCluster(cr, objects.networkPolicies());
    List<Sidecar> sidecars = objects.sidecars().stream().filter(withRules::owns).toList();
    return new OwnedEgress(withRules.namespace, withRules.name, withRules.policy, withRules.objects,
        withRules.egressRules, allow(cr), sidecarHosts(sidecars),
        objects.serviceEntries().stream().filter(withRules::owns).toList());
  }

  /**
   * From what is in the cluster: the objects {@code status.resources} names, and the egress rules
   * of those of {@code networkPolicies} it owns.
   */
  public static OwnedEgress fromCluster(SandboxEgress cr, List<NetworkPolicy> networkPolicies) {
    Set<ResourceRef> refs = cr.getStatus() == null || cr.getStatus().getResources() == null
        ? Set.of() : Set.copyOf(cr.getStatus().getResources());
    OwnedEgress withoutRules = new OwnedEgress(cr.getMetadata().getNamespace(),
        cr.getMetadata().getName(), policy(cr), refs, Optional.empty());
    List<NetworkPolicy> ours = networkPolicies.stream().filter(withoutRules::owns).toList();
    if (ours.isEmpty()) {
      return withoutRules;
    }
    return new OwnedEgress(withoutRules.namespace, withoutRules.name, withoutRules.policy, refs,
        Optional.of(ours.stream().flatMap(p -> egressOf(p).stream()).toList()));
  }

  /** Whether {@code object} is one of this SandboxEgress's: named in its objects, or labelled so. */
  public boolean owns(HasMetadata object) {
    // asked of every object of the namespace at every reconciliation: a plain loop, no streams
    Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of()
        : object.getMetadata().getLabels();
    if (OwnedLabels.MANAGED_BY_VALUE.equals(labels.get(OwnedLabels.MANAGED_BY))
        && namespace.equals(labels.get(OwnedLabels.OWNER_NAMESPACE))
        && ObjectNames.fit(name).equals(labels.get(OwnedLabels.OWNER))) {
      return true;
    }
    String objectNamespace = object.getMetadata().getNamespace();
    String objectName = object.getMetadata().getName();
    for (ResourceRef ref : objects) {
      if (Objects.equals(ref.getName(), objectName) && Objects.equals(ref.getKind(), object.getKind())
          && Objects.equals(ref.getNamespace() == null ? namespace : ref.getNamespace(), objectNamespace)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the operator renders a Sidecar that selects the sandboxes. */
  public boolean rendersSidecar() {
    return objects.stream().anyMatch(ref -> SIDECAR.equals(ref.getKind()));
  }

  /** The hosts of the namespace its Sidecar imports; "~/" (import nothing) is none. */
  private static List<String> sidecarHosts(List<? extends HasMetadata> objects) {
    return ofKind(objects, Sidecar.class).stream()
        .filter(s -> s.getSpec() != null && s.getSpec().getEgress() != null)
        .flatMap(s -> s.getSpec().getEgress().stream())
        .map(IstioEgressListener::getHosts).filter(Objects::nonNull).flatMap(List::stream)
        .filter(h -> h.startsWith(THIS_NAMESPACE)).map(h -> h.substring(THIS_NAMESPACE.length()))
        .distinct().toList();
  }

  private static <T> List<T> ofKind(List<? extends HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<AllowRule> allow(SandboxEgress cr) {
    return cr.getSpec().getAllow() == null ? List.of() : cr.getSpec().getAllow();
  }

  private static Policy policy(SandboxEgress cr) {
    return cr.getSpec().getPolicy() == null ? Policy.AllowList : cr.getSpec().getPolicy();
  }

  private static List<NetworkPolicyEgressRule> egressOf(NetworkPolicy policy) {
    return policy.getSpec() == null || policy.getSpec().getEgress() == null ? List.of()
        : policy.getSpec().getEgress();
  }
}
