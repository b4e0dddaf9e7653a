package io.sandboxegress.plan;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import java.util.List;

/** SandboxEgress objects written as YAML, planned against a kubeadm-like cluster. */
final class PlanFixtures {

  static final ClusterNetworks NETWORKS =
      ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12"));

  private PlanFixtures() {}

  /** A SandboxEgress agents in namespace daytona with {@code spec} (YAML, unindented). */
  static SandboxEgress cr(String spec) {
    return Serialization.unmarshal("""
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: agents, namespace: daytona}
        spec:
        """ + spec.indent(2), SandboxEgress.class);
  }

  static PlanResult plan(String spec) {
    return plan(spec, NETWORKS);
  }

  static PlanResult plan(String spec, ClusterNetworks networks) {
    return new EgressPlanner().plan(cr(spec), networks);
  }

  /** {@code podSelector: {matchLabels: {app: sandbox}}} followed by {@code rest}. */
  static String withSelector(String rest) {
    return "podSelector: {matchLabels: {app: sandbox}}\n" + rest;
  }
}
