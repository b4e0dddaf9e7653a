package io.sandboxegress.testing;

/** The namespace a test class owns on the shared API server. */
public record TestNamespace(String name) {
  @Override
  public String toString() {
    return name;
  }
}
