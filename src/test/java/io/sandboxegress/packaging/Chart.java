package io.sandboxegress.packaging;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Helm chart in {@code helm/sandbox-egress-operator}, linted and rendered in-process by Helm's
 * own Go library (helm-java): what {@code helm lint} and {@code helm template} say, without a
 * helm binary.
 */
final class Chart {

  static final Path DIR = ApiServer.projectRoot().resolve("helm/sandbox-egress-operator");
  static final String DEFAULT_RELEASE = "sandbox-egress-operator";
  static final String DEFAULT_NAMESPACE = "sandbox-egress-system";

  /** The Kubernetes version Helm renders for: the suite's API server's. */
  static final String KUBE_VERSION = System.getProperty("kube.test.version", "1.34.4");

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build();

  private Chart() {}

  static LintResult lint() {
    return new Helm(DIR).lint().strict().call();
  }

  /** {@code helm template} with the chart's default values, as the plain manifests use them. */
  static Rendered render() {
    return render(DEFAULT_RELEASE, DEFAULT_NAMESPACE, Map.of());
  }

  /** {@code helm template RELEASE -n NAMESPACE --set key=value ...}. */
  static Rendered render(String release, String namespace, Map<String, ?> values) {
    TemplateCommand template = new Helm(DIR).template().withName(release).withNamespace(namespace)
        .withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return new Rendered(template.call());
  }

  /** The documents of a YAML stream as ordered maps, leaving out empty documents. */
  static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (MappingIterator<Map<String, Object>> it = YAML.readerForMapOf(Object.class).readValues(yaml)) {
      while (it.hasNext()) {
        Map<String, Object> document = it.next();
        if (document != null && !document.isEmpty()) {
          documents.add(new LinkedHashMap<>(document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  static String toYaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The output of one {@code helm template} run. */
  record Rendered(String yaml, List<Map<String, Object>> objects) {

    Rendered(String yaml) {
      this(yaml, documents(yaml));
    }

    List<Map<String, Object>> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> get(String kind, String name) {
      return objects.stream()
          .filter(o -> kind.equals(o.get("kind")) && name.equals(Maps.string(o, "metadata", "name")))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in:\n" + yaml));
    }

    List<String> kinds() {
      return objects.stream().map(o -> Objects.toString(o.get("kind"))).toList();
    }
  }
}
