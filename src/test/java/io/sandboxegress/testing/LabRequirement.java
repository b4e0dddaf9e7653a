package io.sandboxegress.testing;

import io.sandboxegress.lab.LabPreconditions;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether a test that needs the data-plane lab may run: skipped with the reason where the lab
 * cannot start, but failed under {@code CI=true} (CI must prove the data plane, never skip it).
 */
public final class LabRequirement {

  private LabRequirement() {}

  public static void assumeLabCanRun() {
    String whyNot = LabPreconditions.whyNot();
    if (whyNot == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true and the data-plane lab cannot start: " + whyNot);
    }
    Assumptions.abort("the data-plane lab cannot run here: " + whyNot);
  }
}
