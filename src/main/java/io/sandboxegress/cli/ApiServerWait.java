package io.sandboxegress.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, at start, until the API server answers. In a pod the operator must not exit when the API
 * server is away: a replica that lost its Lease in an outage exits (so that it never reconciles
 * beside a new leader) and is started again while the outage lasts; exiting again at once would
 * crash-loop it, and Kubernetes' back-off would then delay its return well past the outage. So it
 * waits, serving {@code /healthz} (alive) and {@code /readyz} (not ready), and says so in the log:
 * one line when it starts waiting and whenever the cause changes, a reminder every minute, and one
 * line when the API server answers.
 */
final class ApiServerWait {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServerWait.class);
  static final Duration REMINDER = Duration.ofMinutes(1);

  private final Supplier<Optional<String>> unreachable;
  private final String apiServer;
  private final Duration period;
  private final Clock clock;

  /**
   * @param unreachable why the API server cannot be reached, or empty when it answers
   *     ({@link ClusterReachability#check})
   * @param period how long to wait between two checks
   */
  ApiServerWait(Supplier<Optional<String>> unreachable, String apiServer, Duration period, Clock clock) {
    this.unreachable = unreachable;
    this.apiServer = apiServer;
    this.period = period;
    this.clock = clock;
  }

  /**
   * Returns {@code true} once the API server answers ({@code firstCause} is why it did not at the
   * first check), {@code false} when {@code stopping} is counted down first (SIGTERM while waiting).
   */
  boolean await(String firstCause, CountDownLatch stopping) throws InterruptedException {
    Instant since = clock.instant();
    Instant reminded = since;
    String cause = firstCause;
    LOG.warn("cannot reach the API server at {}: {}; waiting for it (checking every {} s)", apiServer, cause,
        period.toSeconds());
    while (!stopping.await(period.toMillis(), TimeUnit.MILLISECONDS)) {
      Optional<String> now = unreachable.get();
      long waited = Duration.between(since, clock.instant()).toSeconds();
      if (now.isEmpty()) {
        LOG.info("the API server at {} answers after {} s of waiting; starting", apiServer, waited);
        return true;
      }
      if (!now.get().equals(cause)) {
        cause = now.get();
        reminded = clock.instant();
        LOG.warn("cannot reach the API server at {}: {}; still waiting after {} s", apiServer, cause, waited);
      } else if (Duration.between(reminded, clock.instant()).compareTo(REMINDER) >= 0) {
        reminded = clock.instant();
        LOG.info("still waiting for the API server at {} after {} s: {}", apiServer, waited, cause);
      }
    }
    return false;
  }
}
