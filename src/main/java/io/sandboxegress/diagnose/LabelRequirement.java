package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One requirement of a label selector, with matchLabels entries written as {@code In} one value. */
record LabelRequirement(String key, String operator, Set<String> values) {

  static final String IN = "In";
  static final String NOT_IN = "NotIn";
  static final String EXISTS = "Exists";
  static final String DOES_NOT_EXIST = "DoesNotExist";

  LabelRequirement {
    values = Set.copyOf(values);
  }

  /** The requirements of {@code selector}; none (every pod) for a null or empty selector. */
  static List<LabelRequirement> of(LabelSelector selector) {
    List<LabelRequirement> requirements = new ArrayList<>();
    if (selector == null) {
      return requirements;
    }
    requirements.addAll(ofLabels(selector.getMatchLabels()));
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement expression : selector.getMatchExpressions()) {
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        requirements.add(new LabelRequirement(expression.getKey(), expression.getOperator(),
            new TreeSet<>(values)));
      }
    }
    return requirements;
  }

  static List<LabelRequirement> ofLabels(Map<String, String> labels) {
    if (labels == null) {
      return List.of();
    }
    return labels.entrySet().stream()
        .map(e -> new LabelRequirement(e.getKey(), IN, Set.of(e.getValue())))
        .toList();
  }
}
