package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** kstatus-style conditions: a transition time that moves only when the status does. */
final class Conditions {

  static final String READY = "Ready";
  static final String APPLIED = "Applied";
  static final String STALLED = "Stalled";
  static final String VERIFIED = "Verified";
  static final String ROLLED_BACK = "RolledBack";

  private Conditions() {}

  static Condition next(List<Condition> previous, String type, boolean status, ConditionReason reason,
      String message, long generation, Instant now) {
    return next(previous, type, ConditionStatus.of(status), reason, message, generation, now);
  }

  static Condition next(List<Condition> previous, String type, ConditionStatus value, ConditionReason reason,
      String message, long generation, Instant now) {
    String since = find(previous, type)
        .filter(c -> has(c, value))
        .map(Condition::getLastTransitionTime)
        .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value.wire())
        .withReason(reason.wire())
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }

  static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> has(c, ConditionStatus.True)).orElse(false);
  }

  /** Whether a condition (as read from status) has this status. */
  static boolean has(Condition condition, ConditionStatus status) {
    return status.wire().equals(condition.getStatus());
  }

  /** Whether a condition (as read from status) has this reason. */
  static boolean has(Condition condition, ConditionReason reason) {
    return reason.wire().equals(condition.getReason());
  }
}
