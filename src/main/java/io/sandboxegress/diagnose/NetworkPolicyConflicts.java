package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import java.util.ArrayList;
import java.util.List;

/**
 * Other NetworkPolicies that select the sandboxes and allow egress that the SandboxEgress's own
 * NetworkPolicy does not: NetworkPolicies add up, so each such rule widens the SandboxEgress.
 */
final class NetworkPolicyConflicts {

  private static final String EGRESS = "Egress";

  private NetworkPolicyConflicts() {}

  static List<Conflict> find(NamespaceObjects objects, OwnedEgress owned) {
    List<Conflict> conflicts = new ArrayList<>();
    for (NetworkPolicy policy : objects.networkPolicies()) {
      if (owned.owns(policy) || policy.getSpec() == null || !governsEgress(policy)) {
        continue;
      }
      SelectorOverlap overlap = SandboxSelection.of(objects.sandboxes(), policy);
      if (!overlap.selectsAny()) {
        continue;
      }
      List<String> widening = new ArrayList<>();
      List<NetworkPolicyEgressRule> rules = policy.getSpec().getEgress();
      for (int i = 0; i < rules.size(); i++) {
        NetworkPolicyEgressRule rule = rules.get(i);
        boolean covered = owned.egressRules().map(ours -> EgressRuleCoverage.covered(rule, ours))
            .orElse(false);
        if (!covered) {
          widening.add("egress rule " + (i + 1) + " (" + EgressRuleText.describe(rule) + ")");
        }
      }
      if (!widening.isEmpty()) {
        conflicts.add(Conflicts.of(policy, ConflictEffect.Widens, message(objects, policy, overlap, owned, widening)));
      }
    }
    return conflicts;
  }

  /** Egress in policyTypes, or no policyTypes and egress rules (Kubernetes' default). */
  private static boolean governsEgress(NetworkPolicy policy) {
    List<String> types = policy.getSpec().getPolicyTypes();
    List<NetworkPolicyEgressRule> rules = policy.getSpec().getEgress();
    boolean egress = types == null || types.isEmpty() ? rules != null && !rules.isEmpty()
        : types.contains(EGRESS);
    return egress && rules != null && !rules.isEmpty();
  }

  private static String message(NamespaceObjects objects, NetworkPolicy policy, SelectorOverlap overlap,
      OwnedEgress owned, List<String> widening) {
    String selector = SelectorText.describe(policy.getSpec().getPodSelector());
    String scope = selector.equals("(every pod)")
        ? "its podSelector is empty, so it selects every pod of namespace "
            + objects.sandboxes().namespace() + ", the sandboxes included"
        : SandboxSelection.how(objects.sandboxes(), overlap, selector, "");
    String compared = owned.egressRules().isPresent()
        ? "the NetworkPolicy of SandboxEgress " + owned.name() + " (policy " + owned.policy() + ")"
            + " does not allow"
        : "SandboxEgress " + owned.name() + " (policy " + owned.policy() + ") has no NetworkPolicy"
            + " applied to compare with, so every egress rule counts";
    return "NetworkPolicy selects the sandboxes (" + scope + ") and allows egress that " + compared
        + ": NetworkPolicy rules add up, so " + String.join("; ", widening) + " widen"
        + (widening.size() == 1 ? "s" : "") + " what the sandboxes can reach beyond what the"
        + " SandboxEgress allows (an Istio sidecar may still refuse unknown hosts, but the"
        + " NetworkPolicy floor, which the sandbox cannot bypass, no longer holds). Fix: change"
        + " its podSelector so that it does not select the sandboxes (for example a matchExpressions"
        + " NotIn on one of their labels), or remove those rules; allow what the sandboxes need in"
        + " the SandboxEgress instead.";
  }
}
