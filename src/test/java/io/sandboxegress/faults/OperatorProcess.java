package io.sandboxegress.faults;

import io.sandboxegress.cli.Main;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.testing.ApiServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator in a JVM of its own, started as {@code run} with the production logback.xml, the
 * way its Deployment runs it; stopped by SIGKILL ({@link #kill()}) or SIGTERM ({@link #close()}),
 * only ever this process by its own handle. Its log lines are kept in memory and in a file.
 */
public final class OperatorProcess implements AutoCloseable {

  private static final Pattern HTTP_PORT = Pattern.compile("health and metrics on port (\\d+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private OperatorProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8)); PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
        String line;
        while ((line = err.readLine()) != null) {
          lines.add(line);
          file.println(line);
          file.flush();
        }
      } catch (IOException e) {
        // the stream closes with the process
      }
    }, "operator-log-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code run} against {@code kubeconfig}, watching {@code namespaces}; {@code extraArgs}
   * for leader election and the like. {@code name} becomes its instance identity (POD_NAME).
   */
  public static OperatorProcess start(String name, Path kubeconfig, List<String> namespaces, Path logDir,
      String... extraArgs) {
    Path logback = ApiServer.projectRoot().resolve("src/main/resources/logback.xml");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m",
        "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", "--kubeconfig", kubeconfig.toString(),
        "--watch-namespace", String.join(",", namespaces), "--http-port", "0"));
    if (!List.of(extraArgs).contains("--pod-cidr")) {
      command.addAll(List.of("--pod-cidr", "10.244.0.0/16", "--service-cidr", "10.96.0.0/12"));
    }
    command.addAll(List.of(extraArgs));
    try {
      Files.createDirectories(logDir);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("POD_NAME", name);
      return new OperatorProcess(name, builder.start(), logDir.resolve(name + "-" + System.nanoTime() + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Its exit code once it has ended. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The port of /healthz, /readyz and /metrics, once the operator has logged it. */
  public OptionalInt httpPort() {
    for (String line : lines) {
      Matcher m = HTTP_PORT.matcher(line);
      if (m.find()) {
        return OptionalInt.of(Integer.parseInt(m.group(1)));
      }
    }
    return OptionalInt.empty();
  }

  /** The status code of /readyz, or -1 when it does not answer. */
  public int readyz() {
    return get("/readyz").map(HttpResponse::statusCode).orElse(-1);
  }

  /** sandbox_egress_reconciliations_total from /metrics; -1 when it does not answer. */
  public double reconciliations() {
    return metric(OperatorMetrics.RECONCILIATIONS + "_total");
  }

  public double metric(String series) {
    return get("/metrics").map(HttpResponse::body).map(body -> body.lines()
        .filter(l -> l.startsWith(series + " ") || l.startsWith(series + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum())
        .orElse(-1.0);
  }

  private java.util.Optional<HttpResponse<String>> get(String path) {
    OptionalInt port = httpPort();
    if (port.isEmpty() || !process.isAlive()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port.getAsInt() + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  /** SIGKILL: no shutdown hook, no last write. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(30);
  }

  private void awaitExit(int seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit");
      }
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, as Kubernetes stops a pod; SIGKILL if it does not end in 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    awaitExit(30);
  }
}
