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

  @Mixin
  OperatorOptions options = new OperatorOptions();

  @Option(names = "--http-port", defaultValue = "${env:HTTP_PORT:-8080}",
      description = "Port for /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster).")
  Path kubeconfig;

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
    options.startupWarnings(kubeconfig == null && System.getenv(IN_CLUSTER_ENV) != null)
        .forEach(LOG::warn);
    Optional<String> unreachable = ClusterReachability.check(config);
    if (unreachable.isPresent()) {
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
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        SandboxEgressOperator operator = SandboxEgressOperator.start(client, options.toConfig(),
            options.instance(), new OperatorMetrics(registry));
        HealthAndMetricsServer http = HealthAndMetricsServer.start(httpPort, registry,
            operator::isAlive, operator::isReady);
        ReadinessLog readiness = new ReadinessLog(operator::isReady, () -> ClusterReachability.check(config),
            config.getMasterUrl(), Clock.systemUTC()).start(READINESS_CHECK)) {
      LOG.info("sandbox-egress-operator {} running against {}; health and metrics on port {}",
          VersionProvider.version(), config.getMasterUrl(), http.port());
      stopping.await();
    } finally {
      LOG.info("stopped");
      stopped.countDown();
    }
    return 0;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
