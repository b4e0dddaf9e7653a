package io.sandboxegress.probepod;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Map;
import java.util.TreeMap;

/** Labels that make a probe pod one of the sandboxes: they satisfy the SandboxEgress's podSelector. */
public final class ProbePodLabels {

  public static final String PROBE = "sandboxegress.io/probe";

  private ProbePodLabels() {}

  public static Map<String, String> satisfying(LabelSelector selector) {
    Map<String, String> labels = new TreeMap<>();
    if (selector.getMatchLabels() != null) {
      labels.putAll(selector.getMatchLabels());
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        switch (requirement.getOperator()) {
          case "In" -> labels.putIfAbsent(requirement.getKey(), requirement.getValues().get(0));
          case "Exists" -> labels.putIfAbsent(requirement.getKey(), "probe");
          default -> {
            // NotIn and DoesNotExist hold as long as the label is absent
          }
        }
      }
    }
    labels.put(PROBE, "true");
    return labels;
  }
}
