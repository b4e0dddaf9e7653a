package io.sandboxegress.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operator's jar run as a process of its own, as in a cluster: its own JVM, heap and caches, so
 * that what it costs is measured apart from the API server and from the benchmark's own client.
 */
final class OperatorProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path log;

  private OperatorProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static OperatorProcess start(Path jar, List<String> jvmOptions, Path kubeconfig, String namespace,
      Duration resync) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "run", "--kubeconfig", kubeconfig.toString(),
        "--watch-namespace", namespace, "--operator-namespace", "sandbox-egress-system",
        "--pod-cidr", "10.244.0.0/16", "--service-cidr", "10.96.0.0/12",
        "--resync-seconds", Long.toString(resync.toSeconds()), "--http-port", Integer.toString(port)));
    try {
      Path log = Files.createTempFile("sandbox-egress-bench-operator-", ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new OperatorProcess(process, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Its Prometheus metrics; empty while its HTTP server is not up yet. */
  Optional<PrometheusText> metrics() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(new PrometheusText(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  double reconciliations() {
    return metrics().map(m -> m.sum("sandbox_egress_reconciliations_total", "")).orElse(0.0);
  }

  /** Resident memory in MiB, from {@code /proc}. */
  double residentMib() {
    return procStatusKib("VmRSS:") / 1024.0;
  }

  /** The most resident memory it has had, in MiB. */
  double peakResidentMib() {
    return procStatusKib("VmHWM:") / 1024.0;
  }

  /** CPU time it has used (user + system), in seconds. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14 and 15 of stat, counted after the command name: utime, stime in clock ticks (100 Hz)
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The heap in use right after a full collection, in MiB (jcmd GC.run, then its own metrics). */
  double heapAfterGcMib() {
    try {
      Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid()), "GC.run").redirectErrorStream(true).start();
      gc.getInputStream().readAllBytes();
      gc.waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return metrics().map(m -> m.sum("jvm_memory_used_bytes", "area=\"heap\"")).orElse(0.0) / 1024 / 1024;
  }

  private long procStatusKib(String field) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
          .filter(l -> l.startsWith(field)).findFirst()
          .map(l -> Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]))
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
