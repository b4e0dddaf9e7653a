package io.sandboxegress.lab;

/** Something the lab needs, or the one-line reason it is not there. */
public record Availability<T>(T value, String whyNot) {

  public static <T> Availability<T> of(T value) {
    return new Availability<>(value, null);
  }

  public static <T> Availability<T> missing(String whyNot) {
    return new Availability<>(null, whyNot);
  }

  public boolean present() {
    return value != null;
  }

  public T orThrow() {
    if (value == null) {
      throw new LabException(whyNot);
    }
    return value;
  }
}
