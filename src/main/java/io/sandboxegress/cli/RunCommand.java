package io.sandboxegress.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sandboxegress.metrics.HealthAndMetricsServer;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.reconcile.SandboxEgressOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the operator, against the current kubeconfig's cluster or the in-cluster config. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator against the cluster of the current kubeconfig (or in-cluster config).")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  /** Set by Kubernetes in every container: the operator runs in a pod. */
  private static final String IN_CLUSTER_ENV = "KUBERNETES_SERVICE_HOST";
  private static final Duration READINESS_CHECK = Duration.ofSeconds(2);
  private static final Duration WAIT_CHECK = Duration.ofSeconds(2);
  private static final int REQUEST_RETRIES = 3;
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int WATCH_RECONNECT_MS = 250;

  @Mixin
  OperatorOptions options = new OperatorOptions();

  @Option(names = "--http-port", defaultValue = "${env:HTTP_PORT:-8080}",
      description = "Port for /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster).")
  Path kubeconfig;

  @Option(names = "--wait-for-cluster", arity = "0..1", fallbackValue = "true",
      defaultValue = "${env:WAIT_FOR_CLUSTER}",
      description = "When the API server cannot be reached at start, wait for it (serving /healthz, not"
          + " /readyz) instead of exiting (default: true in a pod, false elsewhere).")
  Boolean waitForCluster;

  @Option(names = "--log-format", defaultValue = "${env:LOG_FORMAT:-text}", paramLabel = "text|json",
      description = "Log lines as text or as one JSON object each, with resource, namespace and action"
          + " of what the operator does (default: ${DEFAULT-VALUE}).")
  LogFormat logFormat;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    logFormat.apply();
    Config config = kubeconfig == null
        ? Config.autoConfigure(null)
        : Config.fromKubeconfig(Files.readString(kubeconfig));
    boolean inCluster = kubeconfig == null && System.getenv(IN_CLUSTER_ENV) != null;
    failFast(config);
    options.startupWarnings(inCluster).forEach(LOG::warn);
    Optional<String> unreachable = ClusterReachability.check(config);
    boolean wait = waitForCluster != null ? waitForCluster : inCluster;
    if (unreachable.isPresent() && !wait) {
      spec.commandLine().getErr().println("cannot reach the cluster at " + config.getMasterUrl() + ": "
          + unreachable.get());
      spec.commandLine().getErr().flush();
      return Main.FAILED;
    }
    CountDownLatch stopping = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // the JVM ends once shutdown hooks return: the hook waits until the operator has stopped
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping: finishing running reconciliations");
      stopping.countDown();
      awaitQuietly(stopped);
    }, "shutdown"));
    PrometheusMeterRegistry registry = OperatorMetrics.prometheusRegistry();
    // served from the start: while it waits for the API server the process is alive, not ready
    AtomicReference<SandboxEgressOperator> running = new AtomicReference<>();
    try (HealthAndMetricsServer http = HealthAndMetricsServer.start(httpPort, registry,
        () -> running.get() == null || running.get().isAlive(),
        () -> running.get() != null && running.get().isReady())) {
      if (unreachable.isPresent()) {
        LOG.info("health and metrics on port {}: alive, not ready until the API server answers", http.port());
        if (!new ApiServerWait(() -> ClusterReachability.check(config), config.getMasterUrl(), WAIT_CHECK,
            Clock.systemUTC()).await(unreachable.get(), stopping)) {
          return 0;
        }
      }
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
          SandboxEgressOperator operator = SandboxEgressOperator.start(client, options.toConfig(),
              options.instance(), new OperatorMetrics(registry));
          ReadinessLog readiness = new ReadinessLog(operator::isReady, () -> ClusterReachability.check(config),
              config.getMasterUrl(), Clock.systemUTC()).start(READINESS_CHECK)) {
        running.set(operator);
        LOG.info("sandbox-egress-operator {} running against {}; health and metrics on port {}",
            VersionProvider.version(), config.getMasterUrl(), http.port());
        stopping.await();
      } finally {
        running.set(null);
      }
    } finally {
      LOG.info("stopped");
      stopped.countDown();
    }
    return 0;
  }

  /**
   * A request to an API server that refuses connections fails after about a second (3 back-offs
   * from 100 ms) instead of fabric8's default of about 100 s (10 back-offs), and a connection
   * attempt gives up after 5 s. The Lease is renewed on this client: a renewal stuck in retries
   * would keep a cut-off leader "leading" far past its renew deadline, while a follower that can
   * reach the API server takes over after the lease. A failed reconciliation is retried by the
   * operator itself, and watches reconnect on their own, so nothing else needs the long retries.
   * A watch that cannot reconnect tries again after 0.25 s, doubling up to 8 s, instead of from
   * 1 s up to 32 s: after an API server restart of a few seconds, watches waited up to half a
   * minute before they reconnected and the operator caught up (measured 20–35 s).
   * {@code KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT} and {@code KUBERNETES_WATCH_RECONNECTINTERVAL}
   * still override these.
   */
  private static void failFast(Config config) {
    if (System.getenv("KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT") == null) {
      config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    }
    if (System.getenv("KUBERNETES_WATCH_RECONNECTINTERVAL") == null) {
      config.setWatchReconnectInterval(WATCH_RECONNECT_MS);
    }
    config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
