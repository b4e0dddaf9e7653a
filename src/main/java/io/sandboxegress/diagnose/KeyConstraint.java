package io.sandboxegress.diagnose;

import java.util.HashSet;
import java.util.Set;

/** What one selector says about the value of one label key of the pods it selects. */
final class KeyConstraint {

  /** What another selector's requirement is, given this constraint. */
  enum Truth { IMPLIED, CONTRADICTED, UNKNOWN }

  /** The values the label may take; null when the selector does not restrict them. */
  private Set<String> allowed;
  private final Set<String> forbidden = new HashSet<>();
  private boolean present;
  private boolean absent;

  void add(LabelRequirement requirement) {
    switch (requirement.operator()) {
      case LabelRequirement.IN -> {
        present = true;
        if (allowed == null) {
          allowed = new HashSet<>(requirement.values());
        } else {
          allowed.retainAll(requirement.values());
        }
      }
      case LabelRequirement.NOT_IN -> forbidden.addAll(requirement.values());
      case LabelRequirement.EXISTS -> present = true;
      case LabelRequirement.DOES_NOT_EXIST -> absent = true;
      default -> {
        // An operator the API server would refuse: it tells nothing.
      }
    }
  }

  Truth evaluate(LabelRequirement other) {
    Set<String> values = other.values();
    return switch (other.operator()) {
      case LabelRequirement.IN -> in(values);
      case LabelRequirement.NOT_IN -> negate(in(values));
      case LabelRequirement.EXISTS -> present ? Truth.IMPLIED : absent ? Truth.CONTRADICTED : Truth.UNKNOWN;
      case LabelRequirement.DOES_NOT_EXIST ->
          absent ? Truth.IMPLIED : present ? Truth.CONTRADICTED : Truth.UNKNOWN;
      default -> Truth.UNKNOWN;
    };
  }

  /** Whether the label is present with one of {@code values}. */
  private Truth in(Set<String> values) {
    if (absent || forbidden.containsAll(values)) {
      return Truth.CONTRADICTED;
    }
    if (allowed == null) {
      return Truth.UNKNOWN;
    }
    Set<String> possible = new HashSet<>(allowed);
    possible.removeAll(forbidden);
    if (possible.stream().noneMatch(values::contains)) {
      return Truth.CONTRADICTED;
    }
    return values.containsAll(possible) ? Truth.IMPLIED : Truth.UNKNOWN;
  }

  private static Truth negate(Truth truth) {
    return switch (truth) {
      case IMPLIED -> Truth.CONTRADICTED;
      case CONTRADICTED -> Truth.IMPLIED;
      case UNKNOWN -> Truth.UNKNOWN;
    };
  }
}
