package io.sandboxegress.probe;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an HTTP response shows of the envoy in front of the sandbox: whether envoy sent it, and
 * whether envoy made it up itself (a local reply) instead of relaying the destination's answer.
 *
 * <p>The evidence of a local reply is a {@code server} header naming envoy and no {@code
 * x-envoy-upstream-service-time}: envoy's router adds that header to every response that came from
 * an upstream, and to none it generates itself (RBAC or ext_authz denials, no route, the
 * BlackHoleCluster, codec refusals such as 426 or 431, direct responses, redirects).
 */
final class EnvoyReply {

  private static final Set<String> ENVOY_SERVERS = Set.of("envoy", "istio-envoy");
  // The router adds this only to responses that came from an upstream.
  static final String UPSTREAM_TIME = "x-envoy-upstream-service-time";
  private static final int MAX_BODY_IN_DETAIL = 60;

  /** What envoy's own replies of a status usually mean, for the detail a person reads. */
  private static final Map<Integer, String> MEANINGS = Map.of(
      400, "envoy refused the request as malformed",
      403, "an envoy filter denied it (RBAC, ext_authz or a CUSTOM AuthorizationPolicy)",
      404, "envoy has no route for this host (NR)",
      413, "envoy refused the request as too large",
      426, "envoy refused the HTTP version (Upgrade Required)",
      429, "envoy rate-limited it",
      431, "envoy refused the request headers as too large",
      503, "envoy had no healthy upstream for it",
      504, "envoy gave up waiting for the upstream");

  private final HttpResponseHead response;

  EnvoyReply(HttpResponseHead response) {
    this.response = response;
  }

  /** The server header as sent, or empty. */
  String server() {
    return response.header("server").orElse("");
  }

  /** Whether the response names envoy (a sidecar's or a gateway's) as its server. */
  boolean fromEnvoy() {
    return ENVOY_SERVERS.contains(server().toLowerCase(Locale.ROOT));
  }

  /** Whether envoy generated the response itself: no upstream answered it. */
  boolean local() {
    return fromEnvoy() && response.header(UPSTREAM_TIME).isEmpty();
  }

  /**
   * Whether the prober should read the start of the body: a 403 or 503 body tells an RBAC denial
   * or a connect error apart, and the body of envoy's own reply says what it refused.
   */
  static boolean bodyMatters(HttpResponseHead head) {
    return head.status() == 403 || head.status() == 503 || new EnvoyReply(head).local();
  }

  /**
   * The detail of a local reply: the status, the server, the missing upstream header, what the
   * status usually means and the start of the body, as seen.
   */
  String describeLocal() {
    String meaning = MEANINGS.get(response.status());
    String body = response.bodyPrefix().strip();
    return response.status() + " from " + server() + " itself, no " + UPSTREAM_TIME
        + " (no upstream answered)" + (meaning == null ? "" : ": " + meaning)
        + (body.isEmpty() ? "" : "; body '" + printable(body) + "'");
  }

  private static String printable(String text) {
    String cut = text.length() > MAX_BODY_IN_DETAIL
        ? text.substring(0, MAX_BODY_IN_DETAIL) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
