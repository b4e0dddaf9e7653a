package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The chart's optional Grafana dashboard: a ConfigMap labelled for the dashboard sidecar of
 * Grafana's chart, holding files/dashboard.json. MonitoringSeriesTest checks its queries against
 * what a running operator serves.
 */
class GrafanaDashboardTest {

  static final Path DASHBOARD = Chart.DIR.resolve("files/dashboard.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every query of the dashboard, by where it is: panels' targets and the template variables. */
  static Map<String, String> queries() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.put("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        queries.put("variable $" + variable.path("name").asText(), variable.path("query").path("query").asText());
      }
    }
    return queries;
  }

  @Test
  void noDashboardUnlessEnabled() {
    assertThat(Chart.render().ofKind("ConfigMap")).isEmpty();
  }

  @Test
  void enabledItIsAConfigMapTheGrafanaSidecarCollectsHoldingTheDashboard() throws IOException {
    Chart.Rendered rendered = Chart.render("sbe", "sbe-system", Map.of("metrics.grafanaDashboard.enabled", "true"));
    Map<String, Object> configMap = rendered.get("ConfigMap", "sbe-sandbox-egress-operator-dashboard");

    assertThat(Maps.string(configMap, "metadata", "namespace")).isEqualTo("sbe-system");
    assertThat(Maps.map(configMap, "metadata", "labels")).containsEntry("grafana_dashboard", "1")
        .containsEntry("app.kubernetes.io/instance", "sbe");
    assertThat(Maps.map(configMap, "data")).containsOnlyKeys("sandbox-egress-operator.json");
    assertThat(JSON.readTree(Maps.string(configMap, "data", "sandbox-egress-operator.json")))
        .isEqualTo(JSON.readTree(DASHBOARD.toFile()));
  }

  @Test
  void theSidecarsLabelNamespaceAndFolderAreValues() {
    Chart.Rendered rendered = Chart.render("sbe", "sbe-system", Map.of("metrics.grafanaDashboard.enabled", "true",
        "metrics.grafanaDashboard.label", "dashboards", "metrics.grafanaDashboard.labelValue", "sbe",
        "metrics.grafanaDashboard.namespace", "monitoring",
        "metrics.grafanaDashboard.annotations.grafana_folder", "Operators"));
    Map<String, Object> configMap = rendered.get("ConfigMap", "sbe-sandbox-egress-operator-dashboard");

    assertThat(Maps.map(configMap, "metadata", "labels")).containsEntry("dashboards", "sbe")
        .doesNotContainKey("grafana_dashboard");
    assertThat(Maps.string(configMap, "metadata", "namespace")).isEqualTo("monitoring");
    assertThat(Maps.map(configMap, "metadata", "annotations")).containsEntry("grafana_folder", "Operators");
  }

  @Test
  void everyPanelQueriesThroughTheDatasourceVariable() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    List<JsonNode> panels = StreamSupport.stream(dashboard.path("panels").spliterator(), false)
        .filter(p -> !"row".equals(p.path("type").asText())).toList();

    assertThat(dashboard.path("uid").asText()).isEqualTo("sandbox-egress-operator");
    assertThat(dashboard.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
    assertThat(panels).hasSizeGreaterThanOrEqualTo(10).allSatisfy(panel -> {
      assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
          .isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
          .allSatisfy(t -> assertThat(t.path("expr").asText()).isNotBlank());
      assertThat(panel.path("description").asText()).as(panel.path("title").asText()).isNotBlank();
    });
    List<Integer> ids = new ArrayList<>();
    dashboard.path("panels").forEach(p -> ids.add(p.path("id").asInt()));
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void theQueryCheckFindsWhatAScrapeDoesNotServe() {
    PromQl.Scrape scrape = PromQl.Scrape.of("""
        # TYPE sandbox_egress_probe_verdicts gauge
        sandbox_egress_probe_verdicts{name="a",namespace="ns",verdict="Fail"} 0.0
        sandbox_egress_applies_total{action="Created",kind="NetworkPolicy"} 1.0
        sandbox_egress_leader 1.0
        """);
    Set<String> target = Set.of("pod");

    assertThat(PromQl.parse("sum by (namespace, name) (sandbox_egress_probe_verdicts{namespace=~\"$namespace\","
        + "verdict=\"Fail\"})").problems(scrape, target)).isEmpty();
    assertThat(PromQl.parse("sum by (kind, action) (rate(sandbox_egress_applies_total[5m])) * 60")
        .problems(scrape, target)).isEmpty();
    assertThat(PromQl.parse("max by (pod) (sandbox_egress_leader) < 1").problems(scrape, target)).isEmpty();
    assertThat(PromQl.parse("label_values(sandbox_egress_probe_verdicts, namespace)").problems(scrape, target))
        .isEmpty();
    assertThat(PromQl.parse("sandbox_egress_probe_verdict{verdict=\"Fail\"} > 0").problems(scrape, target))
        .containsExactly("metric sandbox_egress_probe_verdict is not served");
    assertThat(PromQl.parse("sandbox_egress_probe_verdicts{verdcit=\"Fail\"} > 0").problems(scrape, target))
        .containsExactly("no series of sandbox_egress_probe_verdicts has label verdcit");
    assertThat(PromQl.parse("sum by (knid) (rate(sandbox_egress_applies_total[5m]))").problems(scrape, target))
        .containsExactly("no metric of the query has label knid");
    assertThat(PromQl.parse("label_values(sandbox_egress_leader, name)").problems(scrape, target))
        .containsExactly("no metric of the query has label name");
    assertThat(PromQl.parse("vector(1)").problems(scrape, target)).containsExactly("names no metric");
  }
}
