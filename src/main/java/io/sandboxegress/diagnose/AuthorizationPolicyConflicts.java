package io.sandboxegress.diagnose;

import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.type.v1beta1.PolicyTargetReference;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AuthorizationPolicies that deny requests to the sandboxes: a DENY policy that selects them, an
 * ALLOW policy that allows nothing (deny-all), and a DENY policy attached to a ServiceEntry of the
 * namespace, which a waypoint enforces on the sandboxes' egress to its hosts.
 *
 * <p>A policy that selects a workload is enforced by that workload's own proxy on the requests it
 * receives: it governs traffic into the sandboxes, not out of them.
 */
final class AuthorizationPolicyConflicts {

  private static final String INBOUND_ONLY = " An AuthorizationPolicy that selects a workload"
      + " governs the traffic INTO it (its sidecar checks the requests it receives): this one blocks"
      + " requests to the sandboxes, such as the platform's connections to them and calls from other"
      + " pods, but not the sandboxes' own egress, which an AuthorizationPolicy limits only at an"
      + " egress gateway or, in ambient mode, at a waypoint. Kubelet probes are not affected while"
      + " Istio rewrites them to its agent (its default).";

  private AuthorizationPolicyConflicts() {}

  static List<Conflict> find(NamespaceObjects objects, Optional<OwnedEgress> owned) {
    List<Conflict> conflicts = new ArrayList<>();
    for (AuthorizationPolicy policy : objects.authorizationPolicies()) {
      if (owned.map(o -> o.owns(policy)).orElse(false) || policy.getSpec() == null) {
        continue;
      }
      AuthorizationPolicyAction action = policy.getSpec().getAction() == null
          ? AuthorizationPolicyAction.ALLOW : policy.getSpec().getAction();
      List<Rule> rules = policy.getSpec().getRules() == null ? List.of() : policy.getSpec().getRules();
      SelectorOverlap overlap = SandboxSelection.of(objects.sandboxes(), policy, objects.istio());
      if (overlap.selectsAny() && action == AuthorizationPolicyAction.DENY && !rules.isEmpty()) {
        conflicts.add(Conflicts.of(policy, ConflictEffect.Advice, deny(objects, policy, overlap, rules)));
      } else if (overlap.selectsAny() && action == AuthorizationPolicyAction.ALLOW && rules.isEmpty()) {
        conflicts.add(Conflicts.of(policy, ConflictEffect.Advice, allowNothing(objects, policy, overlap)));
      } else if (overlap.selectsAny() && action == AuthorizationPolicyAction.ALLOW
          && rules.stream().noneMatch(AllowPolicyText::matchesEverything)
          && !AllowPolicyText.hosts(policy).isEmpty()) {
        conflicts.add(Conflicts.of(policy, ConflictEffect.Advice, allowHosts(objects, policy, overlap)));
      } else if (action == AuthorizationPolicyAction.DENY && !rules.isEmpty()) {
        serviceEntryTarget(objects, policy)
            .ifPresent(target -> conflicts.add(Conflicts.of(policy, ConflictEffect.Advice, waypointDeny(target))));
      }
    }
    return conflicts;
  }

  private static String deny(NamespaceObjects objects, AuthorizationPolicy policy,
      SelectorOverlap overlap, List<Rule> rules) {
    boolean everything = rules.stream().anyMatch(AllowPolicyText::matchesEverything);
    return "DENY policy selects the same pods (" + scope(objects, policy, overlap) + "); DENY wins"
        + " over ALLOW: requests matching its rules get 403 RBAC: access denied (HTTP) or a closed"
        + " connection (TCP, TLS)" + (everything ? "; it has an empty rule, so it denies every request" : "")
        + "." + INBOUND_ONLY + " Fix: if it is meant for other workloads, give it a selector that does"
        + " not match the sandboxes; if it is meant to limit what the sandboxes reach, delete it and"
        + " say that in the SandboxEgress (spec.policy, spec.allow).";
  }

  private static String allowNothing(NamespaceObjects objects, AuthorizationPolicy policy,
      SelectorOverlap overlap) {
    return "ALLOW policy with no rules selects the same pods (" + scope(objects, policy, overlap)
        + "); it allows nothing, and once an ALLOW policy applies to a workload every request that no"
        + " ALLOW policy matches is denied: it is a deny-all, so every request to the sandboxes gets"
        + " 403 RBAC: access denied (HTTP) or a closed connection (TCP, TLS)." + INBOUND_ONLY
        + " Fix: add ALLOW rules for the traffic the sandboxes must receive, or give it a selector"
        + " that does not match the sandboxes.";
  }

  private static String allowHosts(NamespaceObjects objects, AuthorizationPolicy policy,
      SelectorOverlap overlap) {
    return "ALLOW policy with hosts selects the sandboxes (" + scope(objects, policy, overlap) + "): it "
        + AllowPolicyText.describe(policy) + ". Fix: to limit what the sandboxes reach, delete it and"
        + " say that in the SandboxEgress (spec.allow); to keep other traffic into the sandboxes,"
        + " add an ALLOW rule for it (e.g. to: [{operation: {ports: [\"22\"]}}]).";
  }

  private static String waypointDeny(PolicyTargetReference target) {
    return "DENY policy attached to ServiceEntry " + target.getName() + " (targetRefs): in ambient"
        + " mode the waypoint of that ServiceEntry enforces it on every request to its hosts, the"
        + " sandboxes' egress included, so requests matching its rules get 403 RBAC: access denied"
        + " or a closed connection. Fix: make its rules exclude the sandboxes' identities, or delete"
        + " it and say what the sandboxes reach in the SandboxEgress.";
  }

  private static String scope(NamespaceObjects objects, AuthorizationPolicy policy,
      SelectorOverlap overlap) {
    boolean root = policy.getMetadata().getNamespace().equals(objects.istio().rootNamespace());
    String whole = root
        ? "every workload of the mesh, as it is in the mesh root namespace " + objects.istio().rootNamespace()
        : "every workload of namespace " + policy.getMetadata().getNamespace();
    String selector = SandboxSelection.labels(policy).isEmpty() ? ""
        : SelectorText.describe(SandboxSelection.labels(policy))
            + (root ? ", which in the mesh root namespace matches pods of every namespace," : "");
    return SandboxSelection.how(objects.sandboxes(), overlap, selector, whole);
  }

  private static Optional<PolicyTargetReference> serviceEntryTarget(NamespaceObjects objects,
      AuthorizationPolicy policy) {
    if (!policy.getMetadata().getNamespace().equals(objects.sandboxes().namespace())) {
      return Optional.empty();
    }
    List<PolicyTargetReference> targets = new ArrayList<>();
    if (policy.getSpec().getTargetRef() != null) {
      targets.add(policy.getSpec().getTargetRef());
    }
    if (policy.getSpec().getTargetRefs() != null) {
      targets.addAll(policy.getSpec().getTargetRefs());
    }
    return targets.stream().filter(t -> "ServiceEntry".equals(t.getKind())).findFirst();
  }
}
