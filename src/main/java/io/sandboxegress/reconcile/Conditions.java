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

  static Condition next(List<Condition> previous, String type, boolean status, String reason,
      String message, long generation, Instant now) {
    return next(previous, type, status ? "True" : "False", reason, message, generation, now);
  }

  static Condition next(List<Condition> previous, String type, String value, String reason,
      String message, long generation, Instant now) {
    String since = find(previous, type)
        .filter(c -> value.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
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
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
