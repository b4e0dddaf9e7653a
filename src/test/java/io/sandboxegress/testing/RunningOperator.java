package io.sandboxegress.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.SandboxEgressOperator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator running in-process against the suite's API server, on a client of its own that
 * records every write request it sends, and counting finished reconciliations.
 */
public final class RunningOperator implements AutoCloseable {

  private final KubernetesClient client;
  private final SandboxEgressOperator operator;
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private final AtomicInteger reconciliations = new AtomicInteger();

  private RunningOperator(ApiServer server, OperatorConfig config) {
    Interceptor recordWrites = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if (!"GET".equals(request.method())) {
          writes.add(request.method() + " " + request.uri().getPath());
        }
      }
    };
    this.client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.local().kubeconfigYaml()))
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("record-writes", recordWrites))
        .build();
    Metrics countReconciliations = new Metrics() {
      @Override
      public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        reconciliations.incrementAndGet();
      }
    };
    this.operator = SandboxEgressOperator.start(client, config, "test", countReconciliations);
  }

  public static RunningOperator start(ApiServer server, OperatorConfig config) {
    return new RunningOperator(server, config);
  }

  /** The write requests (method and path) sent since the start or the last {@link #clearWrites()}. */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  public void clearWrites() {
    writes.clear();
  }

  public int reconciliations() {
    return reconciliations.get();
  }

  @Override
  public void close() {
    operator.close();
    client.close();
  }
}
