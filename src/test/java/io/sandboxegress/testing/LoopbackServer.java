package io.sandboxegress.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A server on 127.0.0.1 (and nowhere else) that treats every connection the same way, for tests
 * of what a client observes. Connections stay open until the server is closed, unless the handler
 * closes them.
 */
public final class LoopbackServer implements AutoCloseable {

  public static final InetAddress LOOPBACK = loopback();

  /** What the server does with one accepted connection. */
  public interface Handler {
    void handle(Socket connection, LoopbackServer server) throws IOException;
  }

  private final ServerSocket serverSocket;
  private final Handler handler;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> serverNames = new LinkedBlockingQueue<>();

  private LoopbackServer(ServerSocket serverSocket, Handler handler) {
    this.serverSocket = serverSocket;
    this.handler = handler;
    Thread acceptor = new Thread(this::acceptAll, "loopback-server-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static LoopbackServer plain(Handler handler) throws IOException {
    return new LoopbackServer(new ServerSocket(0, 50, LOOPBACK), handler);
  }

  /** A TLS server: the handler gets an {@link SSLSocket} whose handshake has not started. */
  public static LoopbackServer tls(SSLContext context, Handler handler) throws IOException {
    SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 50, LOOPBACK);
    return new LoopbackServer(socket, handler);
  }

  /** Answers every request with {@code response}, as raw bytes, then closes. */
  public static Handler respond(String response) {
    return (connection, server) -> {
      server.requests.add(readRequestHead(connection.getInputStream()));
      connection.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
      connection.getOutputStream().flush();
      connection.close();
    };
  }

  /** Accepts and says nothing. */
  public static Handler silent() {
    return (connection, server) -> { };
  }

  /** Reads what the client sends first (a ClientHello, a request), then resets (SO_LINGER 0). */
  public static Handler resetAfterFirstBytes() {
    return (connection, server) -> {
      readSome(connection);
      connection.setSoLinger(true, 0);
      connection.close();
    };
  }

  /** Reads what the client sends first, then closes normally (FIN; close_notify over TLS). */
  public static Handler closeAfterFirstBytes() {
    return (connection, server) -> {
      readSome(connection);
      // Before close(): closing a TLS 1.3 socket may wait for the client's close_notify first.
      connection.shutdownOutput();
      connection.close();
    };
  }

  /** Completes the TLS handshake, records the SNI, then hands over to {@code then}. */
  public static Handler afterHandshake(Handler then) {
    return (connection, server) -> {
      SSLSocket tls = (SSLSocket) connection;
      tls.startHandshake();
      List<SNIServerName> names = ((ExtendedSSLSession) tls.getSession()).getRequestedServerNames();
      server.serverNames.add(names.isEmpty() ? "" : ((SNIHostName) names.get(0)).getAsciiName());
      then.handle(connection, server);
    };
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** The head of the next request received, waiting at most 5 s. */
  public String nextRequest() throws InterruptedException {
    return poll(requests);
  }

  /** The SNI of the next completed handshake ("" without SNI), waiting at most 5 s. */
  public String nextServerName() throws InterruptedException {
    return poll(serverNames);
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket connection : connections) {
      connection.close();
    }
  }

  private void acceptAll() {
    while (!serverSocket.isClosed()) {
      try {
        Socket connection = serverSocket.accept();
        connections.add(connection);
        connection.setSoTimeout(5_000);
        Thread thread = new Thread(() -> handle(connection), "loopback-connection");
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        // closed: the loop ends
      }
    }
  }

  private void handle(Socket connection) {
    try {
      handler.handle(connection, this);
    } catch (IOException e) {
      // the client went away first: nothing to serve
    }
  }

  private static String poll(BlockingQueue<String> queue) throws InterruptedException {
    String next = queue.poll(5, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("nothing arrived within 5 s");
    }
    return next;
  }

  private static void readSome(Socket connection) throws IOException {
    if (connection.getInputStream().read(new byte[1024]) < 0) {
      throw new IOException("client closed first");
    }
  }

  private static String readRequestHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length && head.size() < 16_384) {
      int next;
      try {
        next = in.read();
      } catch (SocketTimeoutException e) {
        break;
      }
      if (next < 0) {
        break;
      }
      head.write(next);
      matched = next == end[matched] ? matched + 1 : next == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A local address where nothing listens: bound and released, so the kernel refuses it. */
  public static InetSocketAddress unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return new InetSocketAddress(LOOPBACK, socket.getLocalPort());
    }
  }
}
