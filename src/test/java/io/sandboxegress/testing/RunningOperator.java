package io.sandboxegress.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.SandboxEgressOperator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operator running in-process against the suite's API server, on a client of its own that
 * records every write request it sends, with its metrics in the registry {@code run} serves.
 */
public final class RunningOperator implements AutoCloseable {

  private final KubernetesClient client;
  private final SandboxEgressOperator operator;
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final PrometheusMeterRegistry registry = OperatorMetrics.prometheusRegistry();
  private final OperatorMetrics metrics;

  private RunningOperator(ApiServer server, OperatorConfig config, String instance) {
    Interceptor recordWrites = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        String line = request.method() + " " + request.uri().getPath();
        if (!"GET".equals(request.method())) {
          writes.add(line);
        }
        if (!isWatch(request)) {
          requests.add(line + (request.uri().getQuery() == null ? "" : "?" + request.uri().getQuery()));
        }
      }
    };
    this.client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.local().kubeconfigYaml()))
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("record-writes", recordWrites))
        .build();
    this.metrics = new OperatorMetrics(registry);
    this.operator = SandboxEgressOperator.start(client, config, instance, metrics);
  }

  public static RunningOperator start(ApiServer server, OperatorConfig config) {
    return new RunningOperator(server, config, "test");
  }

  public static RunningOperator start(ApiServer server, OperatorConfig config, String instance) {
    return new RunningOperator(server, config, instance);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public SandboxEgressOperator operator() {
    return operator;
  }

  /** The write requests (method and path) sent since the start or the last {@link #clearWrites()}. */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  public void clearWrites() {
    writes.clear();
  }

  /**
   * Every request sent since the start or the last {@link #clearRequests()}, but the watches the
   * informers hold open (they cost nothing per reconciliation).
   */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  private static boolean isWatch(HttpRequest request) {
    String query = request.uri().getQuery();
    return query != null && query.contains("watch=true");
  }

  public int reconciliations() {
    return (int) registry.get(OperatorMetrics.RECONCILIATIONS).counter().count();
  }

  @Override
  public void close() {
    operator.close();
    client.close();
  }
}
