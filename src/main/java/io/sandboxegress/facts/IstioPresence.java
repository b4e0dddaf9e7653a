package io.sandboxegress.facts;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the running operator learns whether Istio is installed, kept current: asked at
 * start, then again every few seconds (API discovery, two small requests, not one per resource).
 * When the answer changes, the listeners hear it at once, so every SandboxEgress is reconciled
 * again with the new facts: Istio installed after the operator started gets its objects within
 * seconds, Istio removed is reported.
 *
 * <p>A failed check (the API server unreachable) keeps the last answer: a network blip must not
 * read as "Istio was removed".
 */
public final class IstioPresence implements AutoCloseable {

  /** How often the running operator asks: a change is picked up within this, plus one reconciliation. */
  public static final Duration PERIOD = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(IstioPresence.class);

  private final BooleanSupplier check;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler;
  private volatile boolean installed;

  private IstioPresence(BooleanSupplier check, boolean initial, ScheduledExecutorService scheduler) {
    this.check = check;
    this.installed = initial;
    this.scheduler = scheduler;
  }

  /** Asks now (a failure here propagates: the operator cannot start blind), then every {@code period}. */
  public static IstioPresence watching(KubernetesClient client, Duration period) {
    BooleanSupplier check = () -> IstioApis.served(client);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "istio-presence");
      thread.setDaemon(true);
      return thread;
    });
    IstioPresence presence = new IstioPresence(check, check.getAsBoolean(), scheduler);
    scheduler.scheduleWithFixedDelay(presence::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return presence;
  }

  /** A fixed answer: for offline use (render) where there is no cluster to ask. */
  public static IstioPresence fixed(boolean installed) {
    return new IstioPresence(() -> installed, installed, null);
  }

  public boolean installed() {
    return installed;
  }

  /** Called after every change of {@link #installed()}, on the checking thread. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Asks again now; tells the listeners when the answer changed. */
  public void refresh() {
    boolean now;
    try {
      now = check.getAsBoolean();
    } catch (KubernetesClientException e) {
      LOG.debug("cannot check whether Istio is installed, keeping the last answer ({}): {}", installed,
          e.getMessage());
      return;
    } catch (RuntimeException e) {
      // anything else too: an exception would end the scheduled checks for good, silently
      LOG.warn("cannot check whether Istio is installed, keeping the last answer ({}): {}", installed,
          e.toString());
      return;
    }
    if (now != installed) {
      installed = now;
      LOG.info(now ? "Istio's APIs are now served: reconciling every SandboxEgress with Istio"
          : "Istio's APIs are no longer served: reconciling every SandboxEgress without Istio");
      for (Runnable listener : listeners) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          LOG.warn("a listener of Istio's presence failed: {}", e.getMessage());
        }
      }
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
