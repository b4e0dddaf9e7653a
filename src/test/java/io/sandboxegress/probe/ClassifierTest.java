package io.sandboxegress.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the loopback tests cannot make happen on demand. */
class ClassifierTest {

  private final Classifier classifier = new Classifier();

  private static Observation failedAt(Step step, Throwable failure) throws Exception {
    return new Observation(TargetUrl.parse("https://pypi.org/simple/"), Duration.ofSeconds(5),
        step, InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), -1, null, null, failure, 7);
  }

  private static Observation answered(int status, Map<String, String> headers, String body)
      throws Exception {
    return new Observation(TargetUrl.parse("http://pypi.org/"), Duration.ofSeconds(5),
        Step.HTTP_EXCHANGE, InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 1, null,
        new HttpResponseHead(status, "", headers, body), null, 3);
  }

  @Test
  void noRouteToHostIsARejectionByTheNetwork() throws Exception {
    ProbeResult result = classifier.classify(
        failedAt(Step.CONNECT, new NoRouteToHostException("No route to host")));
    assertThat(result.reason()).isEqualTo("ConnectionRefused");
    assertThat(result.outcome()).isEqualTo("Blocked");
    assertThat(result.detail()).startsWith("no route to 10.0.0.1:443 (rejected by the network)");
  }

  @Test
  void theKernelsConnectTimeoutIsAConnectTimeout() throws Exception {
    ProbeResult result = classifier.classify(
        failedAt(Step.CONNECT, new ConnectException("Connection timed out")));
    assertThat(result.reason()).isEqualTo("ConnectTimeout");
    assertThat(result.detail()).isEqualTo("no TCP connection to 10.0.0.1:443 within 5 s");
  }

  @Test
  void aStepThatOverranItsDeadlineIsATimeoutOfThatStep() throws Exception {
    assertThat(classifier.classify(failedAt(Step.RESOLVE, new SocketTimeoutException()))
        .detail()).isEqualTo("DNS gave no answer for pypi.org within 5 s");
  }

  @Test
  void somethingUnexpectedIsAProbeErrorWithItsMessage() throws Exception {
    ProbeResult result = classifier.classify(
        failedAt(Step.TLS_HANDSHAKE, new IllegalStateException("cannot set up TLS: no provider")));
    assertThat(result.reason()).isEqualTo("ProbeError");
    assertThat(result.detail()).isEqualTo("TLS handshake with 10.0.0.1:443 (SNI pypi.org) failed:"
        + " cannot set up TLS: no provider");
  }

  @Test
  void anEgressGatewaysServerNameCountsAsEnvoy() throws Exception {
    ProbeResult result = classifier.classify(
        answered(403, Map.of("server", "istio-envoy"), "RBAC: access denied"));
    assertThat(result.reason()).isEqualTo("EnvoyRbacDenied");
    assertThat(result.detail()).isEqualTo("403 RBAC: access denied from istio-envoy in 3 ms via"
        + " 10.0.0.1");
  }

  @Test
  void theRbacBodyFromAnotherServerIsTheDestinationsAnswer() throws Exception {
    assertThat(classifier.classify(answered(403, Map.of("server", "nginx"), "RBAC: access denied"))
        .reason()).isEqualTo("HttpResponse");
  }

  @Test
  void a502FromAnotherServerIsReachable() throws Exception {
    ProbeResult result = classifier.classify(answered(502, Map.of(), ""));
    assertThat(result.reason()).isEqualTo("HttpResponse");
    assertThat(result.outcome()).isEqualTo("Reachable");
    assertThat(result.detail()).isEqualTo("HTTP 502 in 3 ms via 10.0.0.1");
  }

  @Test
  void envoysOwn403WithoutTheRbacBodyIsBlocked() throws Exception {
    ProbeResult result = classifier.classify(answered(403, Map.of("server", "envoy"), ""));
    assertThat(result.reason()).isEqualTo("EnvoyLocalReply");
    assertThat(result.outcome()).isEqualTo("Blocked");
    assertThat(result.detail()).isEqualTo("403 from envoy itself, no"
        + " x-envoy-upstream-service-time (no upstream answered): an envoy filter denied it (RBAC,"
        + " ext_authz or a CUSTOM AuthorizationPolicy) in 3 ms via 10.0.0.1");
  }

  @ParameterizedTest(name = "{0} from {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "404|envoy|''|envoy has no route for this host (NR)",
      "426|envoy|Upgrade Required|envoy refused the HTTP version (Upgrade Required)",
      "431|istio-envoy|''|envoy refused the request headers as too large",
      "400|envoy|Bad Request|envoy refused the request as malformed",
      "503|envoy|no healthy upstream|envoy had no healthy upstream for it",
      "504|envoy|upstream request timeout|envoy gave up waiting for the upstream",
      "429|envoy|local_rate_limited|envoy rate-limited it",
      "200|envoy|ok|",
      "301|Envoy|''|"})
  void everyOtherReplyEnvoyMadeUpItselfIsBlockedAndSaysWhatWasSeen(int status, String server,
      String body, String meaning) throws Exception {
    ProbeResult result = classifier.classify(answered(status, Map.of("server", server), body));
    assertThat(result.reason()).isEqualTo("EnvoyLocalReply");
    assertThat(result.outcome()).isEqualTo("Blocked");
    assertThat(result.detail()).startsWith(status + " from " + server + " itself, no"
        + " x-envoy-upstream-service-time (no upstream answered)" + (meaning == null ? ""
        : ": " + meaning)).contains(body.isEmpty() ? "" : "; body '" + body + "'")
        .endsWith(" in 3 ms via 10.0.0.1");
  }

  @Test
  void aReplyEnvoyRelayedFromTheDestinationIsReachable() throws Exception {
    ProbeResult result = classifier.classify(answered(403,
        Map.of("server", "envoy", "x-envoy-upstream-service-time", "12"), "forbidden"));
    assertThat(result.reason()).isEqualTo("HttpResponse");
    assertThat(result.outcome()).isEqualTo("Reachable");
  }

  @Test
  void aLongOrBinaryBodyIsCutAndMadePrintableInTheDetail() throws Exception {
    String body = "x".repeat(100) + "\u0001";
    assertThat(classifier.classify(answered(404, Map.of("server", "envoy"), "\u0001" + body))
        .detail()).contains("; body '?" + "x".repeat(59) + "...'");
  }

  @Test
  void envoysAnswerInsideTlsToATrustedDestinationIsTheDestinations() throws Exception {
    Observation overTls = new Observation(TargetUrl.parse("https://pypi.org/"),
        Duration.ofSeconds(5), Step.HTTP_EXCHANGE, InetAddress.getByAddress(new byte[] {10, 0, 0, 1}),
        1, new TlsSession(null, "TLSv1.3", null),
        new HttpResponseHead(404, "", Map.of("server", "envoy"), ""), null, 3);
    ProbeResult result = classifier.classify(overTls);
    assertThat(result.reason()).isEqualTo("HttpResponse");
    assertThat(result.detail()).startsWith("HTTP 404 in 3 ms via 10.0.0.1, server: envoy; TLSv1.3");
  }
}
