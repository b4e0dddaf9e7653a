package io.sandboxegress.plan;

import java.util.List;
import java.util.Optional;

/** Either a plan, or the errors that stop one: never both, never neither. */
public final class PlanResult {

  private final EgressPlan plan;
  private final List<FieldError> errors;

  private PlanResult(EgressPlan plan, List<FieldError> errors) {
    this.plan = plan;
    this.errors = List.copyOf(errors);
  }

  public static PlanResult of(EgressPlan plan) {
    if (plan == null) {
      throw new IllegalArgumentException("a valid result needs a plan");
    }
    return new PlanResult(plan, List.of());
  }

  public static PlanResult invalid(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an invalid result needs at least one error");
    }
    return new PlanResult(null, errors);
  }

  public boolean isValid() {
    return plan != null;
  }

  public Optional<EgressPlan> plan() {
    return Optional.ofNullable(plan);
  }

  /** The errors, in the order of the spec's fields; empty when the plan is valid. */
  public List<FieldError> errors() {
    return errors;
  }

  /** The plan; throws {@link IllegalStateException} listing the errors when there is none. */
  public EgressPlan orElseThrow() {
    if (plan == null) {
      throw new IllegalStateException("invalid SandboxEgress: " + errors);
    }
    return plan;
  }

  @Override
  public String toString() {
    return plan != null ? "PlanResult[valid]" : "PlanResult" + errors;
  }
}
