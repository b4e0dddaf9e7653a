package io.sandboxegress.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The JVM the Helm chart gives the operator: its {@code javaToolOptions}, with the container's memory
 * limit as the memory the JVM sizes itself by ({@code -XX:MaxRAM}), so a process on this machine
 * gets the heap it would get in the pod.
 */
record ChartJvm(String javaToolOptions, String memoryLimit) {

  static ChartJvm of(Path projectRoot) {
    try {
      JsonNode values = new YAMLMapper().readTree(
          projectRoot.resolve("helm/sandbox-egress-operator/values.yaml").toFile());
      return new ChartJvm(values.path("javaToolOptions").asText(),
          values.path("resources").path("limits").path("memory").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The options as the operator process gets them. */
  List<String> options() {
    return List.of(("-XX:MaxRAM=" + bytes(memoryLimit) + " " + javaToolOptions).trim().split("\\s+"));
  }

  static long bytes(String quantity) {
    if (quantity.endsWith("Gi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << 30;
    }
    if (quantity.endsWith("Mi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << 20;
    }
    throw new IllegalArgumentException("a memory limit in Mi or Gi, not " + quantity);
  }
}
