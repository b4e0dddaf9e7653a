package io.sandboxegress.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets lab namespaces reach the API server on the root namespace's loopback without any link into
 * the root namespace: this JVM serves a unix socket and relays each connection to the API server's
 * TCP port; inside a namespace, socat listens on the same loopback port and connects to the socket.
 * It lives and dies with this JVM, so a killed run leaves no relay behind.
 */
final class ApiSocketBridge implements AutoCloseable {

  private final ServerSocketChannel server;
  private final Path socket;
  private final int apiPort;
  private final AtomicInteger threads = new AtomicInteger();

  private ApiSocketBridge(ServerSocketChannel server, Path socket, int apiPort) {
    this.server = server;
    this.socket = socket;
    this.apiPort = apiPort;
  }

  static ApiSocketBridge start(Path socket, int apiPort) {
    try {
      Files.deleteIfExists(socket);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      ApiSocketBridge bridge = new ApiSocketBridge(server, socket, apiPort);
      Thread acceptor = new Thread(bridge::acceptLoop, "lab-api-bridge");
      acceptor.setDaemon(true);
      acceptor.start();
      return bridge;
    } catch (IOException e) {
      throw new LabException("cannot serve the API server bridge at " + socket + ": " + e.getMessage(), e);
    }
  }

  Path socket() {
    return socket;
  }

  int apiPort() {
    return apiPort;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Socket api = new Socket();
        api.connect(new InetSocketAddress("127.0.0.1", apiPort), 5_000);
        InputStream fromApi = api.getInputStream();
        OutputStream toApi = api.getOutputStream();
        // a channel's own read and write (not Channels' streams, which share one lock and would
        // block each other) let one thread read while the other writes
        start(() -> {
          ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
          while (client.read(buffer) >= 0) {
            toApi.write(buffer.array(), 0, buffer.position());
            toApi.flush();
            buffer.clear();
          }
        }, client, api);
        start(() -> {
          byte[] bytes = new byte[16 * 1024];
          for (int n; (n = fromApi.read(bytes)) >= 0; ) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, n);
            while (buffer.hasRemaining()) {
              client.write(buffer);
            }
          }
        }, client, api);
      } catch (IOException e) {
        if (!server.isOpen()) {
          return;
        }
      }
    }
  }

  private interface Copy {
    void run() throws IOException;
  }

  private void start(Copy copy, SocketChannel client, Socket api) {
    Thread thread = new Thread(() -> {
      try {
        copy.run();
      } catch (IOException ignored) {
        // the other side closed; close both below
      } finally {
        closeQuietly(client);
        closeQuietly(api);
      }
    }, "lab-api-bridge-" + threads.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException ignored) {
      // the lab directory is removed anyway
    }
  }
}
