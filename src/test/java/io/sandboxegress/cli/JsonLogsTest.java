package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --log-format json}: the operator in a process of its own, with the production
 * logback.xml, writes one JSON object a line on stderr, and what it does to a SandboxEgress carries
 * the resource, its namespace and the action as fields.
 */
@WithApiServer
class JsonLogsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void runLogsOneJsonObjectALineWithResourceNamespaceAndAction(ApiServer server, KubernetesClient client,
      TestNamespace ns, @TempDir Path dir) throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), server.local().kubeconfigYaml());
    Path logback = ApiServer.projectRoot().resolve("src/main/resources/logback.xml");
    Process operator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", "--log-format", "json", "--kubeconfig", kubeconfig.toString(),
        "--watch-namespace", ns.name(), "--http-port", "0", "--pod-cidr", "10.244.0.0/16",
        "--service-cidr", "10.96.0.0/12")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(operator.getErrorStream(),
          StandardCharsets.UTF_8))) {
        err.lines().forEach(lines::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "operator-stderr");
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(60)).failFast("the operator exited: " + lines, () -> !operator.isAlive())
          .until(() -> lines.stream().anyMatch(l -> l.contains("running against")));
      SandboxEgresses.apply(client, ns.name(), "logged", """
          podSelector: {matchLabels: {app: logged}}
          policy: DenyAll
          """);

      JsonNode created = await().atMost(Duration.ofSeconds(30)).until(
          () -> lines.stream().map(JsonLogsTest::parse).filter(l -> "Created".equals(l.path("mdc").path("action").asText()))
              .findFirst(), Optional::isPresent).orElseThrow();

      assertThat(created.path("mdc").path("resource").asText()).isEqualTo("logged");
      assertThat(created.path("mdc").path("namespace").asText()).isEqualTo(ns.name());
      assertThat(created.path("level").asText()).isEqualTo("INFO");
      assertThat(created.path("formattedMessage").asText()).startsWith("Created " + ns.name() + "/logged: ")
          .contains("NetworkPolicy");
      assertThat(created.path("timestamp").asLong()).isPositive();
      assertThat(lines).as("every line a JSON object with a level and a message").allSatisfy(line -> {
        JsonNode json = parse(line);
        assertThat(json.path("level").asText()).as(line).isNotEmpty();
        assertThat(json.has("formattedMessage")).as(line).isTrue();
      });
    } finally {
      operator.destroy();
      if (!operator.waitFor(30, TimeUnit.SECONDS)) {
        operator.destroyForcibly();
      }
      reader.join(10_000);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not a JSON object: " + line, e);
    }
  }
}
