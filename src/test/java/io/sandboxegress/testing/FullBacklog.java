package io.sandboxegress.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener on 127.0.0.1 that never accepts and whose accept queue is full. Linux then drops new
 * SYNs (with {@code tcp_abort_on_overflow} at its default, 0), so a connect times out: the same
 * thing a client sees when a firewall or NetworkPolicy drops its packets.
 */
public final class FullBacklog implements AutoCloseable {

  private final ServerSocket listener;
  private final List<Socket> fillers = new ArrayList<>();

  public FullBacklog() throws IOException {
    listener = new ServerSocket(0, 1, LoopbackServer.LOOPBACK);
    for (int attempt = 0; attempt < 20; attempt++) {
      Socket filler = new Socket();
      try {
        filler.connect(new InetSocketAddress(LoopbackServer.LOOPBACK, port()), 200);
        fillers.add(filler);
      } catch (SocketTimeoutException e) {
        filler.close();
        return;
      }
    }
    close();
    throw new IllegalStateException("the accept queue never filled: connects still complete");
  }

  public int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (Socket filler : fillers) {
      filler.close();
    }
    listener.close();
  }
}
