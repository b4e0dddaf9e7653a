package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.local.TestBinaries;
import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code operator/} is the chart with its default values: its generated files are exactly what
 * {@link #generated()} makes of {@code helm template}, and {@code kubectl kustomize operator/}
 * builds the chart's objects plus the namespace. Rewrite the files after changing the chart with
 * {@code -Dmanifests.update=true}.
 */
class OperatorManifestsTest {

  static final Path DIR = ApiServer.projectRoot().resolve("operator");
  /** Labels Helm's templates add that mean nothing outside a Helm release. */
  static final List<String> HELM_LABELS = List.of("helm.sh/chart", "app.kubernetes.io/managed-by");

  @Test
  void generatedFilesAreTheChartRenderedWithDefaultValues() throws IOException {
    Map<String, String> generated = generated();
    if (Boolean.getBoolean("manifests.update")) {
      for (var file : generated.entrySet()) {
        Files.writeString(DIR.resolve(file.getKey()), file.getValue());
      }
    }

    for (var file : generated.entrySet()) {
      assertThat(DIR.resolve(file.getKey())).exists();
      assertThat(Files.readString(DIR.resolve(file.getKey())))
          .as("operator/%s differs from the chart's defaults: run mvn test -Dtest=OperatorManifestsTest"
              + " -Dmanifests.update=true and review the diff", file.getKey())
          .isEqualTo(file.getValue());
    }
    try (Stream<Path> files = Files.list(DIR)) {
      List<String> yamlFiles = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml")).toList();
      List<String> expected = new ArrayList<>(generated.keySet());
      expected.addAll(List.of("namespace.yaml", "kustomization.yaml"));
      assertThat(yamlFiles).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void kustomizeBuildsTheChartsObjectsAndTheirNamespace() throws Exception {
    Process kubectl = new ProcessBuilder(TestBinaries.locate().kubectl().toString(), "kustomize", DIR.toString())
        .redirectErrorStream(true).start();
    String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(output).isZero();

    Map<String, Map<String, Object>> built = byIdentity(Chart.documents(output));
    Map<String, Object> namespace = built.remove("Namespace//" + Chart.DEFAULT_NAMESPACE);
    assertThat(namespace).as("the namespace").isNotNull();
    assertThat(Maps.map(namespace, "metadata", "labels"))
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    Map<String, Map<String, Object>> chart = byIdentity(
        Chart.render().objects().stream().map(OperatorManifestsTest::withoutHelmLabels).toList());
    assertThat(built).isEqualTo(chart);
  }

  @Test
  void fluxDocPatchesTheCidrVariablesByTheirPlaceInTheDeployment() throws IOException {
    String doc = Files.readString(ApiServer.projectRoot().resolve("docs/flux.md"));
    Map<String, Object> deployment = Chart.documents(Files.readString(DIR.resolve("deployment.yaml"))).get(0);
    List<Object> env = Maps.list(deployment, "spec", "template", "spec", "containers", 0, "env");

    for (String name : List.of("POD_CIDRS", "SERVICE_CIDRS")) {
      int index = 0;
      while (!name.equals(Maps.string(env.get(index), "name"))) {
        index++;
      }
      assertThat(doc).contains("/spec/template/spec/containers/0/env/" + index + "/value")
          .contains("`env/" + index + "` is `" + name + "`");
    }
  }

  /** File name to content: the chart's default objects, grouped the way operator/ keeps them. */
  static Map<String, String> generated() {
    Map<String, List<Map<String, Object>>> files = new TreeMap<>();
    for (Map<String, Object> object : Chart.render().objects()) {
      files.computeIfAbsent(fileFor(object), f -> new ArrayList<>()).add(withoutHelmLabels(object));
    }
    Map<String, String> contents = new TreeMap<>();
    files.forEach((file, objects) -> {
      StringBuilder text = new StringBuilder()
          .append("# Generated from helm/sandbox-egress-operator with its default values; do not edit.\n")
          .append("# Regenerate: mvn -B test -Dtest=OperatorManifestsTest -Dmanifests.update=true\n");
      objects.forEach(o -> text.append(Chart.toYaml(o)));
      contents.put(file, text.toString());
    });
    return contents;
  }

  private static String fileFor(Map<String, Object> object) {
    String kind = (String) object.get("kind");
    String namespace = Maps.string(object, "metadata", "namespace");
    if ("istio-system".equals(namespace)) {
      return "istio-mesh-config.yaml";
    }
    return switch (kind) {
      case "ServiceAccount" -> "serviceaccount.yaml";
      case "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding" -> "rbac.yaml";
      case "Deployment" -> "deployment.yaml";
      case "Service" -> "service.yaml";
      default -> throw new AssertionError("the chart's defaults render a " + kind + ": give it a file in operator/");
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> withoutHelmLabels(Map<String, Object> object) {
    Map<String, Object> copy = (Map<String, Object>) deepCopy(object);
    Map<String, Object> labels = (Map<String, Object>) Maps.at(copy, "metadata", "labels");
    if (labels != null) {
      HELM_LABELS.forEach(labels::remove);
    }
    return copy;
  }

  private static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(OperatorManifestsTest::deepCopy).toList());
    }
    return value;
  }

  private static Map<String, Map<String, Object>> byIdentity(List<Map<String, Object>> objects) {
    Map<String, Map<String, Object>> byId = new TreeMap<>();
    for (Map<String, Object> object : objects) {
      String id = object.get("kind") + "/" + Objects.toString(Maps.string(object, "metadata", "namespace"), "")
          + "/" + Maps.string(object, "metadata", "name");
      assertThat(byId.put(id, object)).as("duplicate %s", id).isNull();
    }
    return byId;
  }
}
