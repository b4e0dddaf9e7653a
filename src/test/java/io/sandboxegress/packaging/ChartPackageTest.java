package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart as it is published: packaged by Helm's own library (helm-java, {@code helm package})
 * into target/sandbox-egress-operator-VERSION.tgz during the build, with the Artifact Hub
 * annotations in its Chart.yaml kept true to the CRD, the example and the image it installs.
 */
class ChartPackageTest {

  static final Path TARGET = ApiServer.projectRoot().resolve("target");

  static Map<String, String> archive;
  static Map<String, Object> chartYaml;

  @BeforeAll
  static void packageTheChart() throws IOException {
    Map<String, Object> chart = Chart.documents(Files.readString(Chart.DIR.resolve("Chart.yaml"))).get(0);
    Path tgz = TARGET.resolve(chart.get("name") + "-" + chart.get("version") + ".tgz");
    Files.deleteIfExists(tgz);
    new Helm(Chart.DIR).packageIt().withDestination(TARGET).call();
    archive = entries(tgz);
    chartYaml = Chart.documents(archive.get("sandbox-egress-operator/Chart.yaml")).get(0);
  }

  @Test
  void thePackageHoldsTheChartItsCrdsAlertsAndDashboard() throws IOException {
    assertThat(archive).containsKeys("sandbox-egress-operator/Chart.yaml", "sandbox-egress-operator/values.yaml",
        "sandbox-egress-operator/values.schema.json", "sandbox-egress-operator/README.md",
        "sandbox-egress-operator/crds/sandboxegresses.sandboxegress.io.yaml",
        "sandbox-egress-operator/files/alerts.yaml", "sandbox-egress-operator/files/dashboard.json",
        "sandbox-egress-operator/templates/prometheusrule.yaml",
        "sandbox-egress-operator/templates/grafana-dashboard.yaml");
    assertThat(archive.get("sandbox-egress-operator/files/alerts.yaml"))
        .isEqualTo(Files.readString(Chart.DIR.resolve("files/alerts.yaml")));
    assertThat(new Helm(TARGET.resolve("sandbox-egress-operator-" + chartYaml.get("version") + ".tgz")).lint()
        .strict().call().isFailed()).as("helm lint of the packaged chart").isFalse();
  }

  @Test
  void artifactHubAnnotationsNameTheCrdTheExampleAndTheImage() throws IOException {
    Map<String, Object> annotations = Maps.map(chartYaml, "annotations");
    Map<String, Object> crd = Chart.documents(Files.readString(
        ApiServer.projectRoot().resolve("crd/sandboxegresses.sandboxegress.io.yaml"))).get(0);

    assertThat(annotations).containsEntry("artifacthub.io/operator", "true")
        .containsKeys("artifacthub.io/operatorCapabilities", "artifacthub.io/crds", "artifacthub.io/crdsExamples",
            "artifacthub.io/images");
    assertThat(annotations.get("artifacthub.io/operatorCapabilities")).isIn("Basic Install", "Seamless Upgrades",
        "Full Lifecycle", "Deep Insights", "Auto Pilot");
    List<Object> crds = list(annotations.get("artifacthub.io/crds"));
    assertThat(crds).hasSize(1);
    assertThat(Maps.string(crds.get(0), "name")).isEqualTo(Maps.string(crd, "metadata", "name"));
    assertThat(Maps.string(crds.get(0), "kind")).isEqualTo(Maps.string(crd, "spec", "names", "kind"));
    assertThat(Maps.string(crds.get(0), "version")).isEqualTo(Maps.string(crd, "spec", "versions", 0, "name"));
    assertThat(Maps.string(crds.get(0), "description")).isNotBlank();
    assertThat(list(annotations.get("artifacthub.io/crdsExamples"))).containsExactly(
        Chart.documents(Files.readString(ApiServer.projectRoot().resolve("examples/daytona-sandbox-egress.yaml")))
            .get(0));
    String image = Maps.string(Chart.render().get("Deployment", Chart.DEFAULT_RELEASE),
        "spec", "template", "spec", "containers", 0, "image");
    assertThat(list(annotations.get("artifacthub.io/images"))).extracting(i -> Maps.string(i, "image"))
        .containsExactly(image);
  }

  private static List<Object> list(Object yaml) {
    return Maps.list(Chart.documents("items:\n" + yaml.toString().indent(2)).get(0), "items");
  }

  /** The text files of a .tgz by path. */
  private static Map<String, String> entries(Path tgz) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
        String prefix = new String(header, 345, 155, StandardCharsets.US_ASCII).replace("\0", "");
        long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
        byte[] body = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (header[156] == '0' || header[156] == 0) {
          entries.put(prefix.isEmpty() ? name : prefix + "/" + name, new String(body, StandardCharsets.UTF_8));
        }
      }
    }
    return entries;
  }
}
