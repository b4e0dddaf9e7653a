package io.sandboxegress.facts;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether Istio is installed, for the one-shot commands (diagnose): asked on first use and
 * remembered for a short while. The running operator uses {@link IstioPresence}, which is kept
 * current.
 */
public final class IstioDiscovery {

  private static final Duration REMEMBER_FOR = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Clock clock;
  private volatile Instant checkedAt = Instant.MIN;
  private volatile boolean installed;

  public IstioDiscovery(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public boolean istioInstalled() {
    Instant now = clock.instant();
    if (checkedAt.plus(REMEMBER_FOR).isBefore(now)) {
      installed = IstioApis.served(client);
      checkedAt = now;
    }
    return installed;
  }
}
