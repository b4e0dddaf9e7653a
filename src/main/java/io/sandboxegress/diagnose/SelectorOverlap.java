package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of one set of pods another selector selects, computed from the two selectors alone (no
 * pods are read): every one of them, possibly some of them (the selectors neither imply nor exclude
 * each other), or none of them.
 */
public enum SelectorOverlap {
  NONE,
  SOME,
  ALL;

  /**
   * Which of the pods {@code pods} selects are selected by {@code other}. A null or empty selector
   * on either side means every pod.
   */
  public static SelectorOverlap of(LabelSelector pods, LabelSelector other) {
    return evaluate(LabelRequirement.of(pods), LabelRequirement.of(other));
  }

  /** As {@link #of(LabelSelector, LabelSelector)} for an Istio selector, which is plain labels. */
  public static SelectorOverlap ofLabels(LabelSelector pods, Map<String, String> other) {
    return evaluate(LabelRequirement.of(pods), LabelRequirement.ofLabels(other));
  }

  public boolean selectsAny() {
    return this != NONE;
  }

  private static SelectorOverlap evaluate(List<LabelRequirement> pods, List<LabelRequirement> other) {
    Map<String, KeyConstraint> known = new HashMap<>();
    pods.forEach(r -> known.computeIfAbsent(r.key(), k -> new KeyConstraint()).add(r));
    boolean allImplied = true;
    for (LabelRequirement requirement : other) {
      KeyConstraint.Truth truth = known.getOrDefault(requirement.key(), new KeyConstraint())
          .evaluate(requirement);
      if (truth == KeyConstraint.Truth.CONTRADICTED) {
        return NONE;
      }
      allImplied &= truth == KeyConstraint.Truth.IMPLIED;
    }
    return allImplied ? ALL : SOME;
  }
}
