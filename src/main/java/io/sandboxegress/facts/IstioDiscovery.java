package io.sandboxegress.facts;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the API server serves Istio's networking API (API discovery), remembered for a short
 * while so that a burst of reconciliations asks once.
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
      installed = client.supports(Sidecar.class) && client.supports(ServiceEntry.class);
      checkedAt = now;
    }
    return installed;
  }
}
