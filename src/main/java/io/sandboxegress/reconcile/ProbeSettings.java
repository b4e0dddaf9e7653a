package io.sandboxegress.reconcile;

import java.time.Duration;

/**
 * How probe pods run.
 *
 * @param image the image with this operator's jar, whose {@code probe} command the pod runs
 * @param startupAllowance time a probe pod may take to start (image pull, sidecar) on top of the
 *     probes' own timeouts, before it is reported as stuck
 */
public record ProbeSettings(String image, Duration startupAllowance) {

  public static final String DEFAULT_IMAGE = "sandbox-egress-operator:latest";

  public static ProbeSettings defaults() {
    return new ProbeSettings(DEFAULT_IMAGE, Duration.ofSeconds(60));
  }
}
