package io.sandboxegress.api;

/** What a probe target is expected to be, and what it was observed to be. */
public enum Expectation {
  Reachable,
  Blocked
}
