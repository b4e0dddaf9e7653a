package io.sandboxegress.diagnose;

import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.sandboxegress.render.OwnedLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The NetworkPolicies, Sidecars and AuthorizationPolicies that select the sandboxes, in words. */
final class SelectingObjects {

  private SelectingObjects() {}

  /** One line per object, e.g. "NetworkPolicy ns/name: podSelector app=x; egress: ...". */
  static List<String> describe(NamespaceObjects objects) {
    Sandboxes sandboxes = objects.sandboxes();
    List<String> lines = new ArrayList<>();
    for (NetworkPolicy policy : objects.networkPolicies()) {
      if (SandboxSelection.of(sandboxes, policy).selectsAny()) {
        lines.add(line(policy, "podSelector " + SelectorText.describe(policy.getSpec().getPodSelector())
            + "; " + egress(policy)));
      }
    }
    for (Sidecar sidecar : objects.sidecars()) {
      if (SandboxSelection.of(sandboxes, sidecar).selectsAny()) {
        String selector = SandboxSelection.namespaceWide(sidecar) ? "no workloadSelector (namespace-wide)"
            : "workloadSelector " + SelectorText.describe(SandboxSelection.labels(sidecar));
        lines.add(line(sidecar, selector + "; " + SidecarText.describe(sidecar)));
      }
    }
    for (AuthorizationPolicy policy : objects.authorizationPolicies()) {
      if (SandboxSelection.of(sandboxes, policy, objects.istio()).selectsAny()) {
        lines.add(line(policy, authorization(objects, policy)));
      }
    }
    return lines;
  }

  private static String egress(NetworkPolicy policy) {
    List<String> types = policy.getSpec().getPolicyTypes();
    List<NetworkPolicyEgressRule> rules = policy.getSpec().getEgress() == null ? List.of()
        : policy.getSpec().getEgress();
    boolean egress = types == null || types.isEmpty() ? !rules.isEmpty() : types.contains("Egress");
    if (!egress) {
      return "ingress only, egress not restricted by it";
    }
    if (rules.isEmpty()) {
      return "egress: none allowed by it (default deny for the pods it selects)";
    }
    List<String> described = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      described.add("rule " + (i + 1) + " " + EgressRuleText.describe(rules.get(i)));
    }
    return "egress allowed: " + String.join("; ", described);
  }

  private static String authorization(NamespaceObjects objects, AuthorizationPolicy policy) {
    var spec = policy.getSpec();
    String action = spec == null || spec.getAction() == null ? "ALLOW" : spec.getAction().name();
    int rules = spec == null || spec.getRules() == null ? 0 : spec.getRules().size();
    boolean root = policy.getMetadata().getNamespace().equals(objects.istio().rootNamespace());
    String scope = SandboxSelection.labels(policy).isEmpty()
        ? (root ? "no selector (mesh-wide, root namespace)" : "no selector (namespace-wide)")
        : "selector " + SelectorText.describe(SandboxSelection.labels(policy)) + (root ? " (in every namespace)" : "");
    String what = switch (action) {
      case "ALLOW" -> AllowPolicyText.describe(policy);
      case "DENY" -> "refuses the requests into the sandboxes that its rules match; " + AllowPolicyText.NO_EGRESS;
      default -> "acts on requests into the sandboxes; " + AllowPolicyText.NO_EGRESS;
    };
    return action + ", " + scope + ", " + rules + (rules == 1 ? " rule" : " rules") + ": " + what;
  }

  private static String line(HasMetadata object, String description) {
    Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of()
        : object.getMetadata().getLabels();
    String owner = OwnedLabels.MANAGED_BY_VALUE.equals(labels.get(OwnedLabels.MANAGED_BY))
        ? " [operator's, for SandboxEgress " + labels.get(OwnedLabels.OWNER) + "]" : "";
    return object.getKind() + " " + object.getMetadata().getNamespace() + "/"
        + object.getMetadata().getName() + owner + ": " + description;
  }
}
