package io.sandboxegress.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line when the operator stops being ready (what /readyz reports: its watches are down,
 * almost always because the API server cannot be reached, and then the line says why) and one
 * when it is ready again, with how long that took. The client's own reconnects are silent, so
 * without these lines an outage of the API server leaves no readable trace in the operator's log.
 */
final class ReadinessLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReadinessLog.class);

  private final BooleanSupplier ready;
  private final Supplier<Optional<String>> unreachable;
  private final String apiServer;
  private final Clock clock;
  private ScheduledExecutorService timer;
  private boolean wasReady;
  private Instant notReadySince;

  /**
   * @param unreachable why the API server cannot be reached, or empty when it answers
   *     ({@link ClusterReachability#check})
   */
  ReadinessLog(BooleanSupplier ready, Supplier<Optional<String>> unreachable, String apiServer, Clock clock) {
    this.ready = ready;
    this.unreachable = unreachable;
    this.apiServer = apiServer;
    this.clock = clock;
  }

  /** Checks every {@code period} on a daemon thread. */
  ReadinessLog start(Duration period) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "readiness-log");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::checkQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.debug("readiness check failed: {}", e.getMessage());
    }
  }

  /** Logs a change of readiness since the last check; nothing before the operator was first ready. */
  synchronized void check() {
    boolean now = ready.getAsBoolean();
    if (wasReady && !now) {
      notReadySince = clock.instant();
      String why = unreachable.get().map(reason -> "cannot reach the API server at " + apiServer + ": " + reason)
          .orElse("a watch on the API server at " + apiServer + " is down");
      LOG.warn("not ready: {}; the operator keeps running and catches up once the API server answers", why);
    } else if (!wasReady && now && notReadySince != null) {
      LOG.info("ready again: watching the API server at {} after {} s not ready", apiServer,
          Duration.between(notReadySince, clock.instant()).toSeconds());
      notReadySince = null;
    }
    wasReady = now;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
