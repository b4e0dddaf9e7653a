package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
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
 */
public record OwnedEgress(String namespace, String name, Policy policy, Set<ResourceRef> objects,
    Optional<List<NetworkPolicyEgressRule>> egressRules) {

  private static final String SIDECAR = "Sidecar";

  public OwnedEgress {
    objects = Set.copyOf(objects);
    egressRules = egressRules.map(List::copyOf);
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
        Set.copyOf(bundle.resourceRefs()), hasNetworkPolicy ? Optional.of(rules) : Optional.empty());
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
    String objectNamespace = object.getMetadata().getNamespace();
    String objectName = object.getMetadata().getName();
    boolean named = objects.stream().anyMatch(ref -> Objects.equals(ref.getKind(), object.getKind())
        && Objects.equals(ref.getName(), objectName)
        && Objects.equals(ref.getNamespace() == null ? namespace : ref.getNamespace(), objectNamespace));
    Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of()
        : object.getMetadata().getLabels();
    boolean labelled = OwnedLabels.MANAGED_BY_VALUE.equals(labels.get(OwnedLabels.MANAGED_BY))
        && ObjectNames.fit(name).equals(labels.get(OwnedLabels.OWNER))
        && namespace.equals(labels.get(OwnedLabels.OWNER_NAMESPACE));
    return named || labelled;
  }

  /** Whether the operator renders a Sidecar that selects the sandboxes. */
  public boolean rendersSidecar() {
    return objects.stream().anyMatch(ref -> SIDECAR.equals(ref.getKind()));
  }

  private static Policy policy(SandboxEgress cr) {
    return cr.getSpec().getPolicy() == null ? Policy.AllowList : cr.getSpec().getPolicy();
  }

  private static List<NetworkPolicyEgressRule> egressOf(NetworkPolicy policy) {
    return policy.getSpec() == null || policy.getSpec().getEgress() == null ? List.of()
        : policy.getSpec().getEgress();
  }
}
