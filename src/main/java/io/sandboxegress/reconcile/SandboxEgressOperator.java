package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.sandboxegress.facts.IstioDiscovery;
import java.time.Clock;

/** The operator: JOSDK with the SandboxEgress controller registered, on a given client. */
public final class SandboxEgressOperator implements AutoCloseable {

  private final Operator operator;

  private SandboxEgressOperator(Operator operator) {
    this.operator = operator;
  }

  public static SandboxEgressOperator start(KubernetesClient client, OperatorConfig config, String instance) {
    return start(client, config, instance, Metrics.NOOP);
  }

  public static SandboxEgressOperator start(KubernetesClient client, OperatorConfig config, String instance,
      Metrics metrics) {
    Clock clock = Clock.systemUTC();
    Operator operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withMetrics(metrics)
        .withCloseClientOnStop(false)
        .withStopOnInformerErrorDuringStartup(true));
    SandboxEgressReconciler reconciler = new SandboxEgressReconciler(config,
        new IstioDiscovery(client, clock), new EventRecorder(client, clock, instance),
        new ProbeCoordinator(client, config.probes()), clock);
    operator.register(reconciler, o -> {
      o.withReconciliationMaxInterval(config.resyncInterval());
      if (!config.watchNamespaces().isEmpty()) {
        o.settingNamespaces(config.watchNamespaces());
      }
    });
    operator.start();
    return new SandboxEgressOperator(operator);
  }

  @Override
  public void close() {
    operator.stop();
  }
}
