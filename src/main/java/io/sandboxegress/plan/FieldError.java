package io.sandboxegress.plan;

/**
 * A spec the operator cannot carry out: the field path (as {@code spec.allow[2].cidr}) and what to
 * do about it.
 */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
