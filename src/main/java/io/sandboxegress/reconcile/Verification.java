package io.sandboxegress.reconcile;

/** The {@code Verified} condition's value: {@code status} is True, False or Unknown. */
record Verification(String status, String reason, String message) {

  boolean passed() {
    return "True".equals(status);
  }
}
