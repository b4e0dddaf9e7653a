package io.sandboxegress.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A Prometheus scrape of a running operator shows its own series and JOSDK's, with sane values. */
@WithApiServer
class MetricsEndpointTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void scrapeShowsMatchedPodsAppliesProbeVerdictsAndReconciliations(ApiServer server, KubernetesClient client,
      TestNamespace ns) throws Exception {
    for (String pod : List.of("sandbox-1", "sandbox-2", "sandbox-3")) {
      client.pods().inNamespace(ns.name()).resource(new PodBuilder().withNewMetadata().withName(pod)
          .addToLabels("app", "metered").endMetadata().withNewSpec().addNewContainer().withName("c")
          .withImage("sandbox").endContainer().endSpec().build()).create();
    }
    OperatorConfig config = new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(ns.name()),
        ClusterNetworks.defaults(List.of(), List.of()), Duration.ofMinutes(5), ProbeSettings.defaults(), null);
    try (RunningOperator operator = RunningOperator.start(server, config);
        HealthAndMetricsServer endpoint = HealthAndMetricsServer.start(0, operator.registry(),
            operator.operator()::isAlive, operator.operator()::isReady)) {
      client.resource(Serialization.unmarshal("""
          apiVersion: sandboxegress.io/v1alpha1
          kind: SandboxEgress
          metadata: {name: metered, namespace: %s}
          spec:
            podSelector: {matchLabels: {app: metered}}
            allow: [{host: pypi.org}]
          """.formatted(ns.name()), SandboxEgress.class)).create();

      String series = "sandbox_egress_matched_pods{name=\"metered\",namespace=\"" + ns.name() + "\"}";
      Pattern josdkSuccess = Pattern.compile("(?m)^operator_sdk_reconciliations_success_total\\{.*\\} [1-9]");
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        String scrape = get(endpoint, "/metrics").body();
        // JOSDK counts the pass that only adds the finalizer too: wait for a full reconciliation
        return value(scrape, series) == 3.0 && josdkSuccess.matcher(scrape).find()
            && value(scrape, "sandbox_egress_reconciliations_total") >= 1.0;
      });
      String metrics = get(endpoint, "/metrics").body();

      assertThat(value(metrics, "sandbox_egress_applies_total{action=\"Created\",kind=\"NetworkPolicy\"}")).isEqualTo(1.0);
      assertThat(value(metrics, "sandbox_egress_apply_errors_total")).isEqualTo(0.0);
      String resource = "{name=\"metered\",namespace=\"" + ns.name() + "\"}";
      assertThat(value(metrics, "sandbox_egress_stalled" + resource)).isEqualTo(0.0);
      assertThat(value(metrics, "sandbox_egress_rollbacks_total" + resource))
          .as("there at 0 before any rollback, so that increase() sees the first").isEqualTo(0.0);
      assertThat(value(metrics, "sandbox_egress_leader")).as("no leader election: it leads").isEqualTo(1.0);
      assertThat(value(metrics, "sandbox_egress_probe_verdicts{name=\"metered\",namespace=\"" + ns.name()
          + "\",verdict=\"Fail\"}")).isEqualTo(0.0);
      assertThat(get(endpoint, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(endpoint, "/readyz").statusCode()).isEqualTo(200);
      assertThat(get(endpoint, "/metrics").headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain"));
    }
  }

  private HttpResponse<String> get(HealthAndMetricsServer endpoint, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one series in Prometheus text format, or NaN when absent. */
  private static double value(String scrape, String series) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
  }
}
