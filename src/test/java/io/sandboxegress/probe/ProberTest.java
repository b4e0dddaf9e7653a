package io.sandboxegress.probe;

import static io.sandboxegress.testing.LoopbackServer.afterHandshake;
import static io.sandboxegress.testing.LoopbackServer.closeAfterFirstBytes;
import static io.sandboxegress.testing.LoopbackServer.resetAfterFirstBytes;
import static io.sandboxegress.testing.LoopbackServer.respond;
import static io.sandboxegress.testing.LoopbackServer.silent;
import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.testing.FullBacklog;
import io.sandboxegress.testing.LoopbackServer;
import io.sandboxegress.testing.SelfSignedTls;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The prober against real sockets on 127.0.0.1, with names from a fake resolver. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class ProberTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private static final String ENVOY_RBAC_DENIED = """
      HTTP/1.1 403 Forbidden\r
      content-length: 19\r
      content-type: text/plain\r
      date: Mon, 02 Mar 2026 10:00:00 GMT\r
      server: envoy\r
      \r
      RBAC: access denied""";
  private static final String ENVOY_BLACKHOLE = """
      HTTP/1.1 502 Bad Gateway\r
      date: Mon, 02 Mar 2026 10:00:00 GMT\r
      server: envoy\r
      content-length: 0\r
      \r
      """;

  private static SelfSignedTls certificate;

  private final FakeResolver resolver = new FakeResolver();
  private final Prober prober = new Prober(resolver, new TlsHandshaker(), TIMEOUT);

  @BeforeAll
  static void makeCertificate() throws GeneralSecurityException {
    certificate = new SelfSignedTls("secure.test");
  }

  @AfterEach
  void releaseResolver() {
    resolver.release();
  }

  private static String ok(int status, String server, String body) {
    return "HTTP/1.1 " + status + " Whatever\r\n"
        + (server == null ? "" : "Server: " + server + "\r\n")
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }

  private ProbeResult probe(String url) {
    return probe(prober, url);
  }

  private static ProbeResult probe(Prober prober, String url) {
    List<ProbeResult> results = prober.probe(List.of(TargetUrl.parse(url)));
    assertThat(results).hasSize(1);
    assertThat(results.get(0).target()).isEqualTo(url);
    return results.get(0);
  }

  private static void assertReason(ProbeResult result, ProbeReason reason) {
    assertThat(result.reason()).as(result.toString()).isEqualTo(reason.name());
    assertThat(result.outcome()).isEqualTo(reason.outcome().wire());
  }

  @Test
  void http200IsReachableAndSaysWhereFromAndWho() throws Exception {
    try (LoopbackServer server = LoopbackServer.plain(respond(ok(200, "nginx", "hello")))) {
      ProbeResult result = probe("http://web.test:" + server.port() + "/simple/?q=1");
      assertReason(result, ProbeReason.HttpResponse);
      assertThat(result.detail()).matches("HTTP 200 in \\d+ ms via 127\\.0\\.0\\.1, server: nginx");
      assertThat(result.latencyMillis()).isBetween(0L, TIMEOUT.toMillis());
      assertThat(server.nextRequest())
          .startsWith("GET /simple/?q=1 HTTP/1.1\r\n")
          .contains("\r\nHost: web.test:" + server.port() + "\r\n");
    }
  }

  @Test
  void http404FromTheDestinationIsStillReachable() throws Exception {
    try (LoopbackServer server = LoopbackServer.plain(respond(ok(404, null, "")))) {
      ProbeResult result = probe("http://web.test:" + server.port() + "/missing");
      assertReason(result, ProbeReason.HttpResponse);
      assertThat(result.detail()).startsWith("HTTP 404 in ").doesNotContain("server:");
    }
  }

  @Test
  void envoyRbacDenialIsBlocked() throws IOException {
    try (LoopbackServer server = LoopbackServer.plain(respond(ENVOY_RBAC_DENIED))) {
      ProbeResult result = probe("http://pypi.test:" + server.port() + "/");
      assertReason(result, ProbeReason.EnvoyRbacDenied);
      assertThat(result.detail())
          .matches("403 RBAC: access denied from envoy in \\d+ ms via 127\\.0\\.0\\.1");
    }
  }

  @Test
  void a403WithoutEnvoysRbacBodyThatEnvoyMadeUpItselfIsBlocked() throws IOException {
    try (LoopbackServer server =
        LoopbackServer.plain(respond(ok(403, "envoy", "<html>forbidden</html>")))) {
      ProbeResult result = probe("http://web.test:" + server.port() + "/");
      assertReason(result, ProbeReason.EnvoyLocalReply);
      assertThat(result.detail()).startsWith("403 from envoy itself")
          .contains("; body '<html>forbidden</html>'");
    }
  }

  @Test
  void a403WithoutEnvoysRbacBodyThatEnvoyRelayedIsTheDestinationsAnswer() throws IOException {
    String relayed = "HTTP/1.1 403 Forbidden\r\nserver: envoy\r\n"
        + "x-envoy-upstream-service-time: 4\r\ncontent-length: 9\r\n\r\nforbidden";
    try (LoopbackServer server = LoopbackServer.plain(respond(relayed))) {
      assertReason(probe("http://web.test:" + server.port() + "/"), ProbeReason.HttpResponse);
    }
  }

  @Test
  void envoysNoRouteReplyIsBlockedWithItsBody() throws IOException {
    String noRoute = "HTTP/1.1 404 Not Found\r\nserver: envoy\r\ncontent-type: text/plain\r\n"
        + "content-length: 19\r\n\r\nno route configured";
    try (LoopbackServer server = LoopbackServer.plain(respond(noRoute))) {
      ProbeResult result = probe("http://web.test:" + server.port() + "/");
      assertReason(result, ProbeReason.EnvoyLocalReply);
      assertThat(result.detail()).matches("404 from envoy itself, no x-envoy-upstream-service-time"
          + " \\(no upstream answered\\): envoy has no route for this host \\(NR\\); body"
          + " 'no route configured' in \\d+ ms via 127\\.0\\.0\\.1");
    }
  }

  @Test
  void aChunkedRbacDenialIsRecognised() throws IOException {
    String chunked = "HTTP/1.1 403 Forbidden\r\nserver: envoy\r\n"
        + "transfer-encoding: chunked\r\n\r\n13\r\nRBAC: access denied\r\n0\r\n\r\n";
    try (LoopbackServer server = LoopbackServer.plain(respond(chunked))) {
      assertReason(probe("http://pypi.test:" + server.port() + "/"), ProbeReason.EnvoyRbacDenied);
    }
  }

  @Test
  void anInterimResponseIsSkipped() throws IOException {
    String continued = "HTTP/1.1 100 Continue\r\n\r\n" + ok(200, "nginx", "");
    try (LoopbackServer server = LoopbackServer.plain(respond(continued))) {
      ProbeResult result = probe("http://web.test:" + server.port() + "/");
      assertThat(result.detail()).startsWith("HTTP 200 in ");
    }
  }

  @Test
  void envoy502WithoutUpstreamIsTheBlackhole() throws IOException {
    try (LoopbackServer server = LoopbackServer.plain(respond(ENVOY_BLACKHOLE))) {
      ProbeResult result = probe("http://unknown.test:" + server.port() + "/");
      assertReason(result, ProbeReason.EnvoyBlackhole);
      assertThat(result.detail()).startsWith("502 from envoy itself").contains("via 127.0.0.1");
    }
  }

  @Test
  void a502ThatEnvoyRelayedFromUpstreamIsReachable() throws IOException {
    String relayed = "HTTP/1.1 502 Bad Gateway\r\nserver: envoy\r\n"
        + "x-envoy-upstream-service-time: 12\r\ncontent-length: 0\r\n\r\n";
    try (LoopbackServer server = LoopbackServer.plain(respond(relayed))) {
      assertReason(probe("http://web.test:" + server.port() + "/"), ProbeReason.HttpResponse);
    }
  }

  @Test
  void envoysOwn503ForAnUpstreamConnectTimeoutIsAConnectTimeout() throws IOException {
    String body = "upstream connect error or disconnect/reset before headers. reset reason: connection timeout";
    String envoy503 = "HTTP/1.1 503 Service Unavailable\r\nserver: envoy\r\ncontent-length: " + body.length()
        + "\r\ncontent-type: text/plain\r\n\r\n" + body;
    try (LoopbackServer server = LoopbackServer.plain(respond(envoy503))) {
      ProbeResult result = probe("http://slow.test:" + server.port() + "/");
      assertReason(result, ProbeReason.ConnectTimeout);
      assertThat(result.detail()).startsWith("503 from envoy itself").contains("reset reason: connection timeout");
    }
  }

  @Test
  void a503FromTheDestinationIsReachable() throws IOException {
    String relayed = "HTTP/1.1 503 Service Unavailable\r\nserver: envoy\r\n"
        + "x-envoy-upstream-service-time: 3\r\ncontent-length: 0\r\n\r\n";
    try (LoopbackServer server = LoopbackServer.plain(respond(relayed))) {
      assertReason(probe("http://busy.test:" + server.port() + "/"), ProbeReason.HttpResponse);
    }
  }

  @Test
  void noListenerIsRefused() throws IOException {
    int port = LoopbackServer.unusedPort().getPort();
    ProbeResult result = probe("http://web.test:" + port + "/");
    assertReason(result, ProbeReason.ConnectionRefused);
    assertThat(result.detail()).matches("connection refused by 127\\.0\\.0\\.1:" + port
        + " after \\d+ ms");
  }

  @Test
  void aListenerThatNeverAcceptsTimesOutTheConnect() throws IOException {
    try (FullBacklog listener = new FullBacklog()) {
      ProbeResult result = probe("http://web.test:" + listener.port() + "/");
      assertReason(result, ProbeReason.ConnectTimeout);
      assertThat(result.detail())
          .isEqualTo("no TCP connection to 127.0.0.1:" + listener.port() + " within 1 s");
      assertThat(result.latencyMillis()).isGreaterThanOrEqualTo(TIMEOUT.toMillis());
    }
  }

  @Test
  void aListenerThatAcceptsAndNeverAnswersIsAConnectTimeoutThatSaysSo() throws IOException {
    try (LoopbackServer server = LoopbackServer.plain(silent())) {
      ProbeResult result = probe("http://web.test:" + server.port() + "/");
      assertReason(result, ProbeReason.ConnectTimeout);
      assertThat(result.detail()).isEqualTo("TCP connection to 127.0.0.1:" + server.port()
          + " accepted, then no HTTP response within 1 s");
    }
  }

  @Test
  void aResetAfterTheRequestIsAConnectionReset() throws IOException {
    try (LoopbackServer server = LoopbackServer.plain(resetAfterFirstBytes())) {
      ProbeResult result = probe("http://web.test:" + server.port() + "/");
      assertReason(result, ProbeReason.ConnectionReset);
      assertThat(result.detail()).startsWith("connection reset before an HTTP response from "
          + "127.0.0.1:" + server.port());
    }
  }

  @Test
  void aCloseWithoutAnswerIsAConnectionResetToo() throws IOException {
    try (LoopbackServer server = LoopbackServer.plain(closeAfterFirstBytes())) {
      ProbeResult result = probe("http://web.test:" + server.port() + "/");
      assertReason(result, ProbeReason.ConnectionReset);
      assertThat(result.detail()).startsWith("connection closed before an HTTP response");
    }
  }

  @Test
  void somethingThatIsNotHttpIsAProbeError() throws IOException {
    try (LoopbackServer server = LoopbackServer.plain(respond("SSH-2.0-OpenSSH_9.6\r\n"))) {
      ProbeResult result = probe("http://web.test:" + server.port() + "/");
      assertReason(result, ProbeReason.ProbeError);
      assertThat(result.outcome()).isEqualTo("Error");
      assertThat(result.detail()).contains("not an HTTP response: SSH-2.0-OpenSSH_9.6");
    }
  }

  @Test
  void aResetAfterTheClientHelloIsATlsHandshakeReset() throws IOException {
    try (LoopbackServer server = LoopbackServer.plain(resetAfterFirstBytes())) {
      ProbeResult result = probe("https://pypi.test:" + server.port() + "/simple/");
      assertReason(result, ProbeReason.TlsHandshakeReset);
      assertThat(result.detail()).startsWith("connection reset during the TLS handshake with"
          + " 127.0.0.1:" + server.port() + " (SNI pypi.test)");
    }
  }

  @Test
  void aCloseAfterTheClientHelloIsATlsHandshakeReset() throws IOException {
    try (LoopbackServer server = LoopbackServer.plain(closeAfterFirstBytes())) {
      ProbeResult result = probe("https://pypi.test:" + server.port() + "/simple/");
      assertReason(result, ProbeReason.TlsHandshakeReset);
      assertThat(result.detail()).startsWith("connection closed during the TLS handshake");
    }
  }

  @Test
  void silenceAfterTheClientHelloIsAConnectTimeoutThatSaysSo() throws IOException {
    try (LoopbackServer server = LoopbackServer.plain(silent())) {
      ProbeResult result = probe("https://pypi.test:" + server.port() + "/");
      assertReason(result, ProbeReason.ConnectTimeout);
      assertThat(result.detail()).isEqualTo("TCP connection to 127.0.0.1:" + server.port()
          + " (SNI pypi.test) accepted, then no TLS answer within 1 s");
    }
  }

  @Test
  void anUntrustedCertificateDoesNotFailTheProbeButIsReported() throws Exception {
    try (LoopbackServer server = LoopbackServer.tls(certificate.serverContext(),
        afterHandshake(respond(ok(200, "nginx", "hi"))))) {
      ProbeResult result = probe("https://secure.test:" + server.port() + "/simple/");
      assertReason(result, ProbeReason.HttpResponse);
      assertThat(result.detail()).matches("HTTP 200 in \\d+ ms via 127\\.0\\.0\\.1, server: nginx;"
          + " TLSv1\\.[23], certificate not trusted: .+");
      assertThat(server.nextServerName()).isEqualTo("secure.test");
      assertThat(server.nextRequest()).startsWith("GET /simple/ HTTP/1.1\r\n")
          .contains("\r\nHost: secure.test:" + server.port() + "\r\n");
    }
  }

  @Test
  void aTrustedCertificateIsReportedAsTrusted() throws Exception {
    Prober trusting = new Prober(resolver, new TlsHandshaker(certificate.trustManager()), TIMEOUT);
    try (LoopbackServer server = LoopbackServer.tls(certificate.serverContext(),
        afterHandshake(respond(ok(200, "nginx", "hi"))))) {
      ProbeResult result = probe(trusting, "https://secure.test:" + server.port() + "/");
      assertReason(result, ProbeReason.HttpResponse);
      assertThat(result.detail()).endsWith(", certificate trusted");
    }
  }

  @Test
  void aCertificateForAnotherNameIsNotTrusted() throws Exception {
    Prober trusting = new Prober(resolver, new TlsHandshaker(certificate.trustManager()), TIMEOUT);
    try (LoopbackServer server = LoopbackServer.tls(certificate.serverContext(),
        afterHandshake(respond(ok(200, "nginx", "hi"))))) {
      ProbeResult result = probe(trusting, "https://other.test:" + server.port() + "/");
      assertReason(result, ProbeReason.HttpResponse);
      assertThat(result.detail()).contains("certificate not trusted: ").contains("other.test");
      assertThat(server.nextServerName()).isEqualTo("other.test");
    }
  }

  @Test
  void aCompletedHandshakeWithoutHttpAnswerIsTlsHandshakeOk() throws Exception {
    try (LoopbackServer server = LoopbackServer.tls(certificate.serverContext(),
        afterHandshake(closeAfterFirstBytes()))) {
      ProbeResult result = probe("https://secure.test:" + server.port() + "/");
      assertReason(result, ProbeReason.TlsHandshakeOk);
      assertThat(result.detail()).startsWith("TLS handshake with 127.0.0.1:" + server.port()
          + " (SNI secure.test) completed; TLSv1.").contains("certificate not trusted")
          .contains("; then connection closed before an HTTP response");
    }
  }

  @Test
  void envoysDenialOverTlsIsStillADenial() throws Exception {
    try (LoopbackServer server = LoopbackServer.tls(certificate.serverContext(),
        afterHandshake(respond(ENVOY_RBAC_DENIED)))) {
      assertReason(probe("https://secure.test:" + server.port() + "/"),
          ProbeReason.EnvoyRbacDenied);
    }
  }

  @Test
  void anUnknownNameIsADnsFailure() {
    ProbeResult result = probe("https://pypi.invalid/simple/");
    assertReason(result, ProbeReason.DnsFailure);
    assertThat(result.detail()).isEqualTo("no such host pypi.invalid");
  }

  @Test
  void aResolverThatNeverAnswersIsADnsFailureWithinTheDeadline() {
    long start = System.nanoTime();
    ProbeResult result = probe("https://" + FakeResolver.HANGS + "/");
    assertReason(result, ProbeReason.DnsFailure);
    assertThat(result.detail()).isEqualTo("DNS gave no answer for hangs.test within 1 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aTcpTargetStopsAtTheConnection() throws Exception {
    try (LoopbackServer server = LoopbackServer.plain(silent())) {
      ProbeResult result = probe("tcp://git.test:" + server.port());
      assertReason(result, ProbeReason.TcpConnected);
      assertThat(result.detail()).matches("TCP connection to 127\\.0\\.0\\.1:" + server.port()
          + " in \\d+ ms");
    }
  }

  @Test
  void aTcpTargetThatSpeaksFirstIsReachable() throws Exception {
    try (LoopbackServer server = LoopbackServer.plain((connection, s) -> {
      connection.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      connection.getOutputStream().flush();
    })) {
      assertReason(probe("tcp://git.test:" + server.port()), ProbeReason.TcpConnected);
    }
  }

  /** What Envoy does with a tcp:// destination it routes nowhere (seen on the lab's real sidecar). */
  @Test
  void aTcpConnectionAcceptedThenClosedWithoutAByteIsBlocked() throws Exception {
    try (LoopbackServer server = LoopbackServer.plain((connection, s) -> connection.close())) {
      ProbeResult result = probe("tcp://internal.test:" + server.port());
      assertReason(result, ProbeReason.ConnectionReset);
      assertThat(result.detail()).startsWith("TCP connection to 127.0.0.1:" + server.port() + " accepted in ")
          .contains("closed by the peer without a byte")
          .contains("a sidecar");
    }
  }

  @Test
  void aTcpConnectionResetAfterTheAcceptIsBlocked() throws Exception {
    try (LoopbackServer server = LoopbackServer.plain((connection, s) -> {
      connection.setSoLinger(true, 0);
      connection.close();
    })) {
      assertReason(probe("tcp://internal.test:" + server.port()), ProbeReason.ConnectionReset);
    }
  }

  @Test
  void targetsAreProbedTogetherAndReportedInOrder() throws Exception {
    try (LoopbackServer silentServer = LoopbackServer.plain(silent());
        LoopbackServer web = LoopbackServer.plain(respond(ok(200, null, "")))) {
      List<String> urls = List.of(
          "http://slow.test:" + silentServer.port() + "/",
          "https://" + FakeResolver.HANGS + "/",
          "http://web.test:" + web.port() + "/",
          "http://nowhere.invalid/");
      long start = System.nanoTime();
      List<ProbeResult> results = prober.probe(urls.stream().map(TargetUrl::parse).toList());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(results).extracting(ProbeResult::target).containsExactlyElementsOf(urls);
      assertThat(results).extracting(ProbeResult::reason).containsExactly("ConnectTimeout",
          "DnsFailure", "HttpResponse", "DnsFailure");
    }
  }
}
