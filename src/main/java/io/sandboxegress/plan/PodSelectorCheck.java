package io.sandboxegress.plan;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.sandboxegress.api.IstioMode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The podSelector: not empty, well-formed, and expressible where Istio needs plain labels. */
final class PodSelectorCheck {

  private static final String FIELD = "spec.podSelector";
  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");
  private static final String RESERVED_MANAGED_BY = "app.kubernetes.io/managed-by";
  private static final String RESERVED_PREFIX = "sandboxegress.io/";

  private PodSelectorCheck() {}

  static void check(LabelSelector selector, IstioMode istioMode, List<FieldError> errors) {
    Map<String, String> labels = selector == null ? null : selector.getMatchLabels();
    List<LabelSelectorRequirement> expressions =
        selector == null ? null : selector.getMatchExpressions();
    boolean hasLabels = labels != null && !labels.isEmpty();
    boolean hasExpressions = expressions != null && !expressions.isEmpty();
    if (!hasLabels && !hasExpressions) {
      errors.add(new FieldError(FIELD, "podSelector must not be empty: an empty selector selects"
          + " every pod in the namespace; name the sandbox pods' labels in matchLabels"));
      return;
    }
    if (hasLabels) {
      labels.forEach((key, value) -> {
        String field = FIELD + ".matchLabels[" + key + "]";
        Labels.keyProblem(key).ifPresent(message -> errors.add(new FieldError(field, message)));
        Labels.valueProblem(value).ifPresent(message -> errors.add(new FieldError(field, message)));
        reservedKeyProblem(key).ifPresent(message -> errors.add(new FieldError(field, message)));
      });
    }
    if (hasExpressions) {
      for (int i = 0; i < expressions.size(); i++) {
        String field = FIELD + ".matchExpressions[" + i + "].key";
        reservedKeyProblem(expressions.get(i).getKey())
            .ifPresent(message -> errors.add(new FieldError(field, message)));
      }
    }
    if (hasExpressions) {
      checkExpressions(expressions, errors);
      if (istioMode != IstioMode.Off) {
        errors.add(new FieldError(FIELD + ".matchExpressions", "Istio selects workloads by plain"
            + " labels and cannot express matchExpressions: use matchLabels, or set"
            + " spec.istio.mode: Off to enforce with the NetworkPolicy only"));
      }
    }
  }

  /**
   * The operator's own labels on its probe pods: a selector on them could not be satisfied by a
   * probe pod, which would then probe from outside the policy.
   */
  private static java.util.Optional<String> reservedKeyProblem(String key) {
    if (key != null && (key.equals(RESERVED_MANAGED_BY) || key.startsWith(RESERVED_PREFIX))) {
      return java.util.Optional.of("label " + key + " is the operator's own (it marks the objects and"
          + " probe pods it manages): select the sandboxes by their own labels");
    }
    return java.util.Optional.empty();
  }

  private static void checkExpressions(List<LabelSelectorRequirement> expressions,
      List<FieldError> errors) {
    for (int i = 0; i < expressions.size(); i++) {
      LabelSelectorRequirement requirement = expressions.get(i);
      String field = FIELD + ".matchExpressions[" + i + "]";
      Labels.keyProblem(requirement.getKey())
          .ifPresent(message -> errors.add(new FieldError(field + ".key", message)));
      String operator = requirement.getOperator();
      List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
      if (!OPERATORS.contains(operator)) {
        errors.add(new FieldError(field + ".operator",
            "operator must be one of In, NotIn, Exists, DoesNotExist"));
      } else if ((operator.equals("In") || operator.equals("NotIn")) && values.isEmpty()) {
        errors.add(new FieldError(field + ".values", "operator " + operator
            + " needs at least one value"));
      } else if ((operator.equals("Exists") || operator.equals("DoesNotExist"))
          && !values.isEmpty()) {
        errors.add(new FieldError(field + ".values", "operator " + operator
            + " takes no values: remove them"));
      }
      for (int j = 0; j < values.size(); j++) {
        String valueField = field + ".values[" + j + "]";
        Labels.valueProblem(values.get(j))
            .ifPresent(message -> errors.add(new FieldError(valueField, message)));
      }
    }
  }
}
