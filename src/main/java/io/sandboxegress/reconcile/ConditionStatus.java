package io.sandboxegress.reconcile;

/** A condition's {@code status}, as kstatus spells it. */
enum ConditionStatus {
  True("True"),
  False("False"),
  Unknown("Unknown");

  private final String wire;

  ConditionStatus(String wire) {
    this.wire = wire;
  }

  String wire() {
    return wire;
  }

  static ConditionStatus of(boolean value) {
    return value ? True : False;
  }
}
