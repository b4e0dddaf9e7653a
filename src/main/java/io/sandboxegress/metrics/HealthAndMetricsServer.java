package io.sandboxegress.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** {@code /healthz}, {@code /readyz} and {@code /metrics} (Prometheus text) on one port. */
public final class HealthAndMetricsServer implements AutoCloseable {

  private final HttpServer server;

  private HealthAndMetricsServer(HttpServer server) {
    this.server = server;
  }

  public static HealthAndMetricsServer start(int port, PrometheusMeterRegistry registry,
      BooleanSupplier alive, BooleanSupplier ready) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext("/healthz", exchange -> check(exchange, alive));
      server.createContext("/readyz", exchange -> check(exchange, ready));
      server.createContext("/metrics", exchange ->
          respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
      server.setExecutor(Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "health-and-metrics");
        thread.setDaemon(true);
        return thread;
      }));
      server.start();
      return new HealthAndMetricsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve health and metrics on port " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void check(HttpExchange exchange, BooleanSupplier probe) throws IOException {
    boolean ok = probe.getAsBoolean();
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(1);
  }
}
