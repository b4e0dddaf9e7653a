package io.sandboxegress.reconcile;

/** The {@code Verified} condition's value. */
record Verification(ConditionStatus status, ConditionReason reason, String message) {

  boolean passed() {
    return status == ConditionStatus.True;
  }
}
