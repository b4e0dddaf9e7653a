package io.sandboxegress.probe;

import java.net.Inet6Address;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * Judges an {@link Observation}: which {@link ProbeReason} it shows, and a detail for a person.
 *
 * <p>A connection that is accepted but never answered (TLS or HTTP) is {@link
 * ProbeReason#ConnectTimeout}: inside a mesh the sidecar accepts every outbound connection itself,
 * so an accept proves nothing, and silence is what a client sees while the proxy's own upstream
 * connect is being dropped (a NetworkPolicy, a firewall). The detail says that the connection was
 * accepted. An https probe whose handshake completed is {@link ProbeReason#TlsHandshakeOk} whatever
 * happens to its HTTP exchange afterwards.
 */
final class Classifier {

  private static final String RBAC_DENIED = "RBAC: access denied";
  private static final String UPSTREAM_CONNECT_ERROR = "upstream connect error";

  ProbeResult classify(Observation seen) {
    if (seen.failure() == null) {
      return seen.response() != null ? httpResponse(seen) : tcpConnected(seen);
    }
    try {
      return switch (seen.step()) {
        case RESOLVE -> resolveFailed(seen);
        case CONNECT -> connectFailed(seen);
        case TLS_HANDSHAKE -> handshakeFailed(seen);
        case HTTP_EXCHANGE -> exchangeFailed(seen);
      };
    } catch (RuntimeException e) {
      return result(seen, ProbeReason.ProbeError, "cannot classify: " + Failures.rootMessage(e));
    }
  }

  private ProbeResult tcpConnected(Observation seen) {
    return result(seen, ProbeReason.TcpConnected,
        "TCP connection to " + endpoint(seen) + " in " + seen.connectMillis() + " ms");
  }

  private ProbeResult httpResponse(Observation seen) {
    HttpResponseHead response = seen.response();
    EnvoyReply envoy = new EnvoyReply(response);
    String server = envoy.server();
    String via = " in " + seen.elapsedMillis() + " ms via " + address(seen);
    // the RBAC body is envoy's own words: a gateway's denial relayed by the sidecar carries the
    // sidecar's upstream time, and is still a denial
    if (envoy.fromEnvoy() && response.status() == 403
        && response.bodyPrefix().startsWith(RBAC_DENIED)) {
      return result(seen, ProbeReason.EnvoyRbacDenied,
          "403 " + RBAC_DENIED + " from " + server + via);
    }
    if (envoy.local() && response.status() == 502) {
      return result(seen, ProbeReason.EnvoyBlackhole, "502 from " + server
          + " itself, no upstream (BlackHoleCluster or failed passthrough)" + via);
    }
    if (envoy.local() && response.status() == 503
        && response.bodyPrefix().startsWith(UPSTREAM_CONNECT_ERROR)) {
      return upstreamConnectError(seen, server, response.bodyPrefix(), via);
    }
    // Any other reply envoy made up itself means the destination never answered. Over TLS that
    // the destination's trusted certificate protects, the answer came from the destination's
    // side (a sidecar passes TLS through), whatever server it names.
    if (envoy.local() && !overTrustedTls(seen)) {
      return result(seen, ProbeReason.EnvoyLocalReply, envoy.describeLocal() + via);
    }
    String detail = "HTTP " + response.status() + via
        + (server.isEmpty() ? "" : ", server: " + server) + tlsNote(seen);
    return result(seen, ProbeReason.HttpResponse, detail);
  }

  /**
   * Envoy's own 503 when its connection to the destination failed: the destination was not
   * reached, and envoy's reset reason says how.
   */
  private ProbeResult upstreamConnectError(Observation seen, String server, String body, String via) {
    String lower = body.toLowerCase(Locale.ROOT);
    ProbeReason reason = lower.contains("connection timeout") ? ProbeReason.ConnectTimeout
        : lower.contains("connection failure") || lower.contains("refused") ? ProbeReason.ConnectionRefused
        : ProbeReason.ConnectionReset;
    return result(seen, reason, "503 from " + server + " itself, it could not reach the destination: "
        + body.strip() + via);
  }

  private static boolean overTrustedTls(Observation seen) {
    return seen.tls() != null && seen.tls().certificateTrusted();
  }

  private ProbeResult resolveFailed(Observation seen) {
    String host = seen.target().host();
    if (seen.failure() instanceof UnknownHostException) {
      return result(seen, ProbeReason.DnsFailure, "no such host " + host);
    }
    if (Failures.isTimeout(seen.failure())) {
      return result(seen, ProbeReason.DnsFailure,
          "DNS gave no answer for " + host + " within " + seconds(seen.timeout()));
    }
    return error(seen, "DNS lookup of " + host + " failed");
  }

  private ProbeResult connectFailed(Observation seen) {
    Throwable failure = seen.failure();
    if (failure instanceof TargetProbe.ClosedAfterAccept) {
      return result(seen, ProbeReason.ConnectionReset, "TCP connection to " + endpoint(seen) + " accepted in "
          + seen.connectMillis() + " ms, then " + failure.getMessage() + " after " + seen.elapsedMillis()
          + " ms: what a sidecar does with a destination it routes nowhere, or whose own connect failed");
    }
    if (Failures.isTimeout(failure)) {
      return result(seen, ProbeReason.ConnectTimeout,
          "no TCP connection to " + endpoint(seen) + " within " + seconds(seen.timeout()));
    }
    if (Failures.isRefused(failure)) {
      return result(seen, ProbeReason.ConnectionRefused, "connection refused by " + endpoint(seen)
          + " after " + seen.elapsedMillis() + " ms");
    }
    if (Failures.isReset(failure)) {
      return result(seen, ProbeReason.ConnectionReset, "connection reset by " + endpoint(seen)
          + " while connecting, after " + seen.elapsedMillis() + " ms");
    }
    if (failure instanceof NoRouteToHostException) {
      // an ICMP unreachable: how some network plugins reject traffic a policy denies
      return result(seen, ProbeReason.ConnectionRefused, "no route to " + endpoint(seen)
          + " (rejected by the network) after " + seen.elapsedMillis() + " ms");
    }
    return error(seen, "cannot connect to " + endpoint(seen));
  }

  private ProbeResult handshakeFailed(Observation seen) {
    Throwable failure = seen.failure();
    String with = endpoint(seen) + sni(seen);
    if (Failures.isTimeout(failure)) {
      return result(seen, ProbeReason.ConnectTimeout, "TCP connection to " + with
          + " accepted, then no TLS answer within " + seconds(seen.timeout()));
    }
    if (Failures.isReset(failure)) {
      return result(seen, ProbeReason.TlsHandshakeReset, "connection reset during the TLS"
          + " handshake with " + with + " after " + seen.elapsedMillis() + " ms");
    }
    if (Failures.isEndOfStream(failure)) {
      return result(seen, ProbeReason.TlsHandshakeReset, "connection closed during the TLS"
          + " handshake with " + with + " after " + seen.elapsedMillis() + " ms");
    }
    return error(seen, "TLS handshake with " + with + " failed");
  }

  private ProbeResult exchangeFailed(Observation seen) {
    Throwable failure = seen.failure();
    String what;
    if (Failures.isTimeout(failure)) {
      what = "no HTTP response within " + seconds(seen.timeout());
    } else if (Failures.isReset(failure)) {
      what = "connection reset before an HTTP response";
    } else if (Failures.isEndOfStream(failure)) {
      what = "connection closed before an HTTP response";
    } else {
      what = Failures.rootMessage(failure);
    }
    if (seen.tls() != null) {
      return result(seen, ProbeReason.TlsHandshakeOk, "TLS handshake with " + endpoint(seen)
          + sni(seen) + " completed" + tlsNote(seen) + "; then " + what + " (after "
          + seen.elapsedMillis() + " ms)");
    }
    if (Failures.isTimeout(failure)) {
      return result(seen, ProbeReason.ConnectTimeout,
          "TCP connection to " + endpoint(seen) + " accepted, then " + what);
    }
    if (Failures.isReset(failure) || Failures.isEndOfStream(failure)) {
      return result(seen, ProbeReason.ConnectionReset,
          what + " from " + endpoint(seen) + " (after " + seen.elapsedMillis() + " ms)");
    }
    return error(seen, "HTTP exchange with " + endpoint(seen) + " failed");
  }

  private static ProbeResult error(Observation seen, String what) {
    return result(seen, ProbeReason.ProbeError, what + ": " + Failures.rootMessage(seen.failure()));
  }

  private static ProbeResult result(Observation seen, ProbeReason reason, String detail) {
    return new ProbeResult(seen.target().raw(), reason.outcome().wire(), reason.wire(), detail,
        seen.elapsedMillis());
  }

  private static String tlsNote(Observation seen) {
    TlsSession tls = seen.tls();
    if (tls == null) {
      return "";
    }
    return "; " + tls.protocol() + ", certificate "
        + (tls.certificateTrusted() ? "trusted" : "not trusted: " + tls.untrustedBecause());
  }

  private static String sni(Observation seen) {
    return seen.target().hostIsIpLiteral() ? "" : " (SNI " + seen.target().host() + ")";
  }

  private static String address(Observation seen) {
    return seen.address() == null ? "?" : seen.address().getHostAddress();
  }

  private static String endpoint(Observation seen) {
    String address = address(seen);
    return (seen.address() instanceof Inet6Address ? "[" + address + "]" : address) + ":"
        + seen.target().port();
  }

  private static String seconds(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
  }
}
