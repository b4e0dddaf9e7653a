package io.sandboxegress.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes targets concurrently, each within {@code timeoutPerTarget}, and returns one result per
 * target in the order given. The whole run ends shortly after {@code timeoutPerTarget} even when a
 * step does not honour its deadline.
 */
public final class Prober {

  // Sockets time out at the deadline themselves; this leaves them room to report first.
  private static final Duration GRACE = Duration.ofMillis(500);

  private final Resolver resolver;
  private final TlsHandshaker tlsHandshaker;
  private final Duration timeoutPerTarget;
  private final Classifier classifier = new Classifier();

  public Prober(Resolver resolver, TlsHandshaker tlsHandshaker, Duration timeoutPerTarget) {
    if (timeoutPerTarget.isNegative() || timeoutPerTarget.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive, not " + timeoutPerTarget);
    }
    this.resolver = resolver;
    this.tlsHandshaker = tlsHandshaker;
    this.timeoutPerTarget = timeoutPerTarget;
  }

  /** With the pod's resolver and the JVM's trust store. */
  public Prober(Duration timeoutPerTarget) {
    this(new SystemResolver(), new TlsHandshaker(), timeoutPerTarget);
  }

  public List<ProbeResult> probe(List<TargetUrl> targets) {
    if (targets.isEmpty()) {
      return List.of();
    }
    ExecutorService threads = Executors.newFixedThreadPool(targets.size(), daemonThreads());
    try {
      long endNanos = System.nanoTime() + timeoutPerTarget.plus(GRACE).toNanos();
      List<TargetProbe> probes = new ArrayList<>();
      List<Future<Observation>> running = new ArrayList<>();
      for (TargetUrl target : targets) {
        TargetProbe probe = new TargetProbe(target, resolver, tlsHandshaker, timeoutPerTarget);
        probes.add(probe);
        running.add(threads.submit(probe::run));
      }
      List<ProbeResult> results = new ArrayList<>();
      for (int i = 0; i < probes.size(); i++) {
        results.add(classifier.classify(await(probes.get(i), running.get(i), endNanos)));
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }

  private static Observation await(TargetProbe probe, Future<Observation> running, long endNanos) {
    try {
      return running.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      return probe.overran();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return probe.overran();
    } catch (ExecutionException e) {
      // run() catches what the steps throw; an Error is all that is left.
      throw new IllegalStateException("probe failed: " + e.getCause(), e.getCause());
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "probe-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
