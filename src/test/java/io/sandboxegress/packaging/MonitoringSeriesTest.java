package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.metrics.HealthAndMetricsServer;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every query of the Grafana dashboard and every alert's expression names series that a running
 * operator really serves on /metrics, with the labels the query matches and groups by: a renamed
 * metric or label fails here, not silently in a team's Grafana.
 */
@WithApiServer
class MonitoringSeriesTest {

  /** Labels Prometheus adds to every scraped series (the ServiceMonitor's target labels). */
  static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "instance", "job", "service", "container",
      "endpoint");

  @Test
  void dashboardQueriesAndAlertExpressionsNameSeriesTheOperatorServes(ApiServer server, KubernetesClient client,
      TestNamespace ns) throws Exception {
    client.pods().inNamespace(ns.name()).resource(new PodBuilder().withNewMetadata().withName("sandbox-1")
        .addToLabels("app", "watched").endMetadata().withNewSpec().addNewContainer().withName("c")
        .withImage("sandbox").endContainer().endSpec().build()).create();
    OperatorConfig config = new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(ns.name()),
        ClusterNetworks.defaults(List.of(), List.of()), Duration.ofMinutes(5), ProbeSettings.defaults(), null);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (RunningOperator operator = RunningOperator.start(server, config);
        HealthAndMetricsServer endpoint = HealthAndMetricsServer.start(0, operator.registry(),
            operator.operator()::isAlive, operator.operator()::isReady)) {
      SandboxEgresses.apply(client, ns.name(), "watched", """
          podSelector: {matchLabels: {app: watched}}
          allow: [{host: pypi.org}]
          """);
      URI metrics = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
      // every series is there once the resource is reconciled and JOSDK has counted a success
      PromQl.Scrape scrape = await().atMost(Duration.ofSeconds(30)).until(
          () -> PromQl.Scrape.of(http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString()).body()),
          s -> s.series().containsKey("sandbox_egress_stalled")
              && s.series().containsKey("sandbox_egress_applies_total")
              && s.series().containsKey("operator_sdk_reconciliations_success_total"));

      Map<String, String> queries = new LinkedHashMap<>(GrafanaDashboardTest.queries());
      PrometheusRuleTest.alerts().forEach(alert ->
          queries.put("alert " + Maps.string(alert, "alert"), Maps.string(alert, "expr")));

      assertThat(queries).hasSizeGreaterThan(20);
      assertThat(queries).allSatisfy((where, query) -> assertThat(PromQl.parse(query).problems(scrape, TARGET_LABELS))
          .as("%s: %s", where, query).isEmpty());
    }
  }
}
