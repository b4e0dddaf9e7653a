package io.sandboxegress.plan;

import io.sandboxegress.api.Enforcement;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.api.IstioSpec;
import io.sandboxegress.api.Policy;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressSpec;
import io.sandboxegress.facts.ClusterNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates a SandboxEgress and normalises it into an {@link EgressPlan}: the one place that says
 * no. Pure: the same input gives the same result, and nothing is read from the cluster.
 */
public final class EgressPlanner {

  /** Checks {@code cr} against the cluster's ranges and plans it, or says every field that is wrong. */
  public PlanResult plan(SandboxEgress cr, ClusterNetworks networks) {
    List<FieldError> errors = new ArrayList<>();
    if (cr == null || cr.getSpec() == null) {
      return PlanResult.invalid(List.of(new FieldError("spec", "spec is required: name at least"
          + " spec.podSelector")));
    }
    String namespace = cr.getMetadata() == null ? null : cr.getMetadata().getNamespace();
    String name = cr.getMetadata() == null ? null : cr.getMetadata().getName();
    ObjectMetaCheck.check(name, namespace, errors);
    SandboxEgressSpec spec = cr.getSpec();
    Policy policy = spec.getPolicy() == null ? Policy.AllowList : spec.getPolicy();
    IstioSpec istio = spec.getIstio();
    IstioMode istioMode = istio == null || istio.getMode() == null ? IstioMode.Auto : istio.getMode();

    PodSelectorCheck.check(spec.getPodSelector(), istioMode, errors);
    if (policy == Policy.DenyAll && spec.getAllow() != null && !spec.getAllow().isEmpty()) {
      errors.add(new FieldError("spec.allow", "policy DenyAll allows nothing: remove spec.allow,"
          + " or use policy AllowList"));
    }
    BlockedRanges blocked = BlockedRanges.of(networks, errors);
    String clusterDomain = clusterDomain(networks, errors);
    AllowRules.Normalised allow = AllowRules.normalise(spec.getAllow(), blocked, clusterDomain,
        errors);
    Optional<EgressGateway> gateway = EgressGatewayCheck.check(
        istio == null ? null : istio.getEgressGateway(), istioMode, spec.getAllow(),
        policy == Policy.AllowList ? allow.hosts() : List.of(), errors);
    SpecBoundsCheck.checkProbes(spec.getProbes(), errors);
    SpecBoundsCheck.checkRollout(spec.getRollout(), errors);
    if (!errors.isEmpty()) {
      return PlanResult.invalid(errors);
    }
    return PlanResult.of(new EgressPlan(namespace, name, policy, spec.getPodSelector(),
        allow.exactHosts(), allow.wildcardHosts(), allow.cidrRules(), blocked.all(), istioMode,
        gateway,
        spec.getEnforcement() == null ? Enforcement.Enforce : spec.getEnforcement()));
  }

  /** The configured cluster domain, normalised; the default when it is not a domain (an error). */
  private static String clusterDomain(ClusterNetworks networks, List<FieldError> errors) {
    Optional<String> problem = InsideNames.domainProblem(networks.clusterDomain());
    if (problem.isPresent()) {
      errors.add(new FieldError("clusterNetworks.clusterDomain", problem.get()));
      return ClusterNetworks.DEFAULT_CLUSTER_DOMAIN;
    }
    return InsideNames.normalDomain(networks.clusterDomain());
  }
}
