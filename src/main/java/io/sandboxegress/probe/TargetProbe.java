package io.sandboxegress.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * The steps for one target, each within what is left of its deadline: DNS, TCP connect, TLS
 * handshake (https), HTTP exchange (http and https). Runs once, on its own thread; {@link
 * #overran()} may be called from another thread when a step ignores the deadline (a system DNS
 * lookup cannot be interrupted).
 */
final class TargetProbe {

  private final TargetUrl target;
  private final Resolver resolver;
  private final TlsHandshaker tlsHandshaker;
  private final Duration timeout;
  private final Deadline deadline;

  private volatile Step step = Step.RESOLVE;
  private volatile InetAddress address;
  private volatile long connectMillis = -1;
  private volatile TlsSession tls;

  TargetProbe(TargetUrl target, Resolver resolver, TlsHandshaker tlsHandshaker, Duration timeout) {
    this.target = target;
    this.resolver = resolver;
    this.tlsHandshaker = tlsHandshaker;
    this.timeout = timeout;
    this.deadline = Deadline.after(timeout);
  }

  Observation run() {
    try (Socket socket = new Socket()) {
      address = resolve();
      step = Step.CONNECT;
      socket.connect(new InetSocketAddress(address, target.port()), deadline.remainingMillis());
      connectMillis = deadline.elapsedMillis();
      if (target.scheme() == TargetUrl.Scheme.TCP) {
        return observed(null, heldOpen(socket));
      }
      Socket channel = socket;
      if (target.scheme() == TargetUrl.Scheme.HTTPS) {
        step = Step.TLS_HANDSHAKE;
        tls = tlsHandshaker.handshake(socket, target, deadline);
        channel = tls.socket();
      }
      step = Step.HTTP_EXCHANGE;
      return observed(HttpExchange.get(channel, target, deadline), null);
    } catch (IOException | RuntimeException e) {
      return observed(null, e);
    }
  }

  /**
   * A tcp:// target is reachable when the connection, once accepted, stays open or carries a byte.
   * An accept alone proves nothing inside a mesh: the sidecar accepts every outbound connection
   * itself, then closes it at once when it routes the destination nowhere (REGISTRY_ONLY) or its
   * own connect upstream fails. Seen on the lab's real Envoy; a loopback test keeps it.
   *
   * @return null when reachable, else why not
   */
  private IOException heldOpen(Socket socket) {
    try {
      long hold = Math.min(TCP_HOLD.toMillis(), deadline.remainingMillis());
      socket.setSoTimeout((int) Math.max(hold, 1));
      if (socket.getInputStream().read() < 0) {
        return new ClosedAfterAccept("closed by the peer without a byte");
      }
      return null;
    } catch (SocketTimeoutException stillOpen) {
      return null;
    } catch (IOException e) {
      return new ClosedAfterAccept("reset by the peer without a byte (" + e.getMessage() + ")");
    }
  }

  /** How long a tcp:// probe watches an accepted connection for the peer's close. */
  static final Duration TCP_HOLD = Duration.ofMillis(1500);

  /** An accepted TCP connection the other side closed before sending anything. */
  static final class ClosedAfterAccept extends IOException {
    ClosedAfterAccept(String message) {
      super(message);
    }
  }

  /** What was seen so far, when the probe did not finish in time. */
  Observation overran() {
    return observed(null, new SocketTimeoutException(
        "no answer within " + timeout.toMillis() + " ms"));
  }

  private InetAddress resolve() throws IOException {
    List<InetAddress> addresses = resolver.resolve(target.host());
    if (addresses.isEmpty()) {
      throw new UnknownHostException(target.host());
    }
    deadline.remainingMillis();
    return addresses.get(0);
  }

  private Observation observed(HttpResponseHead response, Throwable failure) {
    return new Observation(target, timeout, step, address, connectMillis, tls, response, failure,
        deadline.elapsedMillis());
  }
}
