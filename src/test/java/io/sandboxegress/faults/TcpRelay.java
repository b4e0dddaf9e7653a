package io.sandboxegress.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on the loopback between a client and the API server (TLS passes through untouched,
 * the server's certificate names 127.0.0.1). It follows the API server to a new port when that is
 * restarted, and it can close its port for a while: connection refused, as when a control plane is
 * unreachable, without touching the API server itself.
 */
final class TcpRelay implements AutoCloseable {

  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile int upstream;
  private volatile ServerSocket listener;
  private volatile boolean closed;
  private int port;

  private TcpRelay(int upstream) {
    this.upstream = upstream;
  }

  static TcpRelay start(int upstream) {
    return new TcpRelay(upstream).listenOn(0);
  }

  /** The port clients connect to; the same after {@link #cut()} and {@link #open()}. */
  int port() {
    return port;
  }

  void upstream(int port) {
    this.upstream = port;
  }

  /** Closes the port and every relayed connection: new connections are refused until {@link #open()}. */
  synchronized void cut() {
    ServerSocket current = listener;
    if (current == null) {
      return;
    }
    listener = null;
    closeQuietly(current);
    open.forEach(TcpRelay::closeQuietly);
    open.clear();
  }

  /** Opens the same port again. */
  synchronized void open() {
    if (listener == null && !closed) {
      listenOn(port);
    }
  }

  private TcpRelay listenOn(int onPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
      listener = server;
      port = server.getLocalPort();
      Thread acceptor = new Thread(() -> accept(server), "relay-accept-" + server.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
    }
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      Socket target;
      try {
        target = new Socket(InetAddress.getLoopbackAddress(), upstream);
      } catch (IOException e) {
        closeQuietly(client); // the API server is down: so is the relayed connection
        continue;
      }
      open.add(client);
      open.add(target);
      pump(client, target);
      pump(target, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // either side went away
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "relay-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing what is already closed
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    cut();
  }
}
