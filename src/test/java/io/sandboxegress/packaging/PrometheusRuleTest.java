package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's optional PrometheusRule, rendered by helm-java, checked and unit-tested by Prometheus'
 * own promtool ({@code check rules}, {@code test rules} on the input series of
 * src/test/resources/alerts/alerts-test.yaml), and each alert's runbook found in the README.
 */
class PrometheusRuleTest {

  static final String RUNBOOK_BASE = "https://docs.example.org/sbe/README.md";
  static final Path TESTS = ApiServer.projectRoot().resolve("src/test/resources/alerts/alerts-test.yaml");
  static final Path README = ApiServer.projectRoot().resolve("README.md");

  static Promtool promtool;

  @BeforeAll
  static void findPromtool() {
    promtool = Promtool.locate();
  }

  /** The rule groups of the chart's PrometheusRule, as a Prometheus rule file. */
  static Map<String, Object> ruleFile() {
    Chart.Rendered rendered = Chart.render("sbe", "sbe-system", Map.of(
        "metrics.prometheusRule.enabled", "true",
        "metrics.prometheusRule.runbookBaseUrl", RUNBOOK_BASE,
        "metrics.prometheusRule.labels.release", "kube-prometheus-stack"));
    Map<String, Object> rule = rendered.get("PrometheusRule", "sbe-sandbox-egress-operator");
    assertThat(Maps.string(rule, "metadata", "namespace")).isEqualTo("sbe-system");
    assertThat(Maps.map(rule, "metadata", "labels")).containsEntry("release", "kube-prometheus-stack");
    return Maps.map(rule, "spec");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alerts() {
    return Maps.list(ruleFile(), "groups").stream()
        .flatMap(group -> Maps.list(group, "rules").stream())
        .map(r -> (Map<String, Object>) r)
        .toList();
  }

  @Test
  void promtoolChecksTheRenderedRules(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("rules.yaml"), Chart.toYaml(ruleFile()));

    Promtool.Result check = promtool.run(dir, "check", "rules", "rules.yaml");

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void promtoolUnitTestsPassOnInputSeries(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("rules.yaml"), Chart.toYaml(ruleFile()));
    Files.copy(TESTS, dir.resolve("alerts-test.yaml"));

    Promtool.Result test = promtool.run(dir, "test", "rules", "alerts-test.yaml");

    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertIsCoveredByAFiringCaseAndOneExpectingSilence() throws IOException {
    List<Map<String, Object>> cases = Maps.list(Chart.documents(Files.readString(TESTS)).get(0), "tests").stream()
        .flatMap(test -> Maps.list(test, "alert_rule_test").stream())
        .map(c -> Maps.map(c))
        .toList();
    Set<String> firing = cases.stream().filter(c -> !Maps.list(c, "exp_alerts").isEmpty())
        .map(c -> Maps.string(c, "alertname")).collect(Collectors.toSet());
    Set<String> silent = cases.stream().filter(c -> Maps.list(c, "exp_alerts").isEmpty())
        .map(c -> Maps.string(c, "alertname")).collect(Collectors.toSet());

    assertThat(alerts()).extracting(a -> Maps.string(a, "alert")).allSatisfy(alert -> {
      assertThat(firing).as("a promtool case where %s fires", alert).contains(alert);
      assertThat(silent).as("a promtool case where %s stays quiet", alert).contains(alert);
    });
  }

  @Test
  void everyAlertHasASummaryADescriptionASeverityAndARunbookSectionInTheReadme() throws IOException {
    Set<String> anchors = readmeAnchors();

    assertThat(alerts()).hasSizeGreaterThanOrEqualTo(7).allSatisfy(alert -> {
      String name = Maps.string(alert, "alert");
      assertThat(Maps.string(alert, "annotations", "summary")).as(name).isNotBlank();
      assertThat(Maps.string(alert, "annotations", "description")).as(name).isNotBlank();
      assertThat(Maps.string(alert, "labels", "severity")).as(name).isIn("critical", "warning");
      assertThat(Maps.string(alert, "annotations", "runbook_url")).as(name)
          .isEqualTo(RUNBOOK_BASE + "#" + name.toLowerCase(Locale.ROOT));
      assertThat(anchors).as("README.md has a section %s (its runbook)", name)
          .contains(name.toLowerCase(Locale.ROOT));
    });
  }

  @Test
  void noPrometheusRuleUnlessEnabled() {
    assertThat(Chart.render().ofKind("PrometheusRule")).isEmpty();
  }

  /** The anchors GitHub gives the README's headings: lower case, punctuation dropped, spaces as '-'. */
  static Set<String> readmeAnchors() throws IOException {
    String outsideCode = Files.readString(README).replaceAll("(?ms)^```.*?^```", "");
    Matcher heading = Pattern.compile("(?m)^#{1,6} (.+)$").matcher(outsideCode);
    Set<String> anchors = new HashSet<>();
    while (heading.find()) {
      anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
          .replace(' ', '-'));
    }
    return anchors;
  }
}
