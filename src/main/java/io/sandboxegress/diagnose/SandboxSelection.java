package io.sandboxegress.diagnose;

import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;

/** Which objects select the sandboxes, by the rules of each kind, and how to say so. */
final class SandboxSelection {

  private SandboxSelection() {}

  /** A NetworkPolicy selects pods of its own namespace; an empty podSelector selects them all. */
  static SelectorOverlap of(Sandboxes sandboxes, NetworkPolicy policy) {
    if (!sandboxes.namespace().equals(policy.getMetadata().getNamespace())) {
      return SelectorOverlap.NONE;
    }
    return SelectorOverlap.of(sandboxes.selector(),
        policy.getSpec() == null ? null : policy.getSpec().getPodSelector());
  }

  /** A Sidecar without workloadSelector applies to every workload of its namespace. */
  static SelectorOverlap of(Sandboxes sandboxes, Sidecar sidecar) {
    if (!sandboxes.namespace().equals(sidecar.getMetadata().getNamespace())) {
      return SelectorOverlap.NONE;
    }
    return SelectorOverlap.ofLabels(sandboxes.selector(), labels(sidecar));
  }

  /**
   * An AuthorizationPolicy with a selector applies to the matching workloads of its namespace, or
   * of every namespace when it is in the root namespace; without selector to all of them. One with
   * targetRefs applies to a gateway or waypoint instead, never to the sandbox pods themselves.
   */
  static SelectorOverlap of(Sandboxes sandboxes, AuthorizationPolicy policy, IstioNamespaces istio) {
    String namespace = policy.getMetadata().getNamespace();
    if (!namespace.equals(sandboxes.namespace()) && !namespace.equals(istio.rootNamespace())) {
      return SelectorOverlap.NONE;
    }
    if (policy.getSpec() != null && (policy.getSpec().getTargetRef() != null
        || (policy.getSpec().getTargetRefs() != null && !policy.getSpec().getTargetRefs().isEmpty()))) {
      return SelectorOverlap.NONE;
    }
    return SelectorOverlap.ofLabels(sandboxes.selector(), labels(policy));
  }

  static boolean namespaceWide(Sidecar sidecar) {
    return labels(sidecar).isEmpty();
  }

  static Map<String, String> labels(Sidecar sidecar) {
    var spec = sidecar.getSpec();
    return spec == null || spec.getWorkloadSelector() == null || spec.getWorkloadSelector().getLabels() == null
        ? Map.of() : spec.getWorkloadSelector().getLabels();
  }

  static Map<String, String> labels(AuthorizationPolicy policy) {
    var spec = policy.getSpec();
    return spec == null || spec.getSelector() == null || spec.getSelector().getMatchLabels() == null
        ? Map.of() : spec.getSelector().getMatchLabels();
  }

  /** How an object with {@code selector} (plain words, or empty for none) reaches the sandboxes. */
  static String how(Sandboxes sandboxes, SelectorOverlap overlap, String selector, String wholeScope) {
    if (selector.isEmpty()) {
      return "it has no selector, so it applies to " + wholeScope + ", the sandboxes included";
    }
    return overlap == SelectorOverlap.ALL
        ? "its selector " + selector + " matches every sandbox pod"
        : "its selector " + selector + " can match some of the sandbox pods, " + sandboxes.describe();
  }
}
