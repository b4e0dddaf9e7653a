package io.sandboxegress.api;

public enum Enforcement {
  /** Apply the rendered objects. */
  Enforce,
  /** Render and report, apply nothing. */
  DryRun
}
