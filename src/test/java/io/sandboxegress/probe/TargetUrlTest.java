package io.sandboxegress.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sandboxegress.probe.TargetUrl.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetUrlTest {

  @Test
  void httpsDefaultsToPort443AndKeepsPathAndQuery() {
    TargetUrl url = TargetUrl.parse("https://pypi.org/simple/?x=1#frag");
    assertThat(url).isEqualTo(new TargetUrl("https://pypi.org/simple/?x=1#frag", Scheme.HTTPS,
        "pypi.org", 443, "/simple/?x=1"));
    assertThat(url.hostHeader()).isEqualTo("pypi.org");
    assertThat(url.hostIsIpLiteral()).isFalse();
  }

  @Test
  void httpWithoutPathAsksForTheRoot() {
    TargetUrl url = TargetUrl.parse("HTTP://169.254.169.254");
    assertThat(url.scheme()).isEqualTo(Scheme.HTTP);
    assertThat(url.port()).isEqualTo(80);
    assertThat(url.pathAndQuery()).isEqualTo("/");
    assertThat(url.hostIsIpLiteral()).isTrue();
  }

  @Test
  void aPortOtherThanTheDefaultGoesIntoTheHostHeader() {
    assertThat(TargetUrl.parse("http://example.com:8080/a").hostHeader())
        .isEqualTo("example.com:8080");
  }

  @Test
  void ipv6LiteralsLoseTheirBracketsExceptInTheHostHeader() {
    TargetUrl url = TargetUrl.parse("https://[fd00::1]:8443/");
    assertThat(url.host()).isEqualTo("fd00::1");
    assertThat(url.hostIsIpLiteral()).isTrue();
    assertThat(url.hostHeader()).isEqualTo("[fd00::1]:8443");
  }

  @Test
  void tcpTargetsNeedAPort() {
    assertThat(TargetUrl.parse("tcp://github.com:22"))
        .extracting(TargetUrl::scheme, TargetUrl::port).containsExactly(Scheme.TCP, 22);
    assertThatThrownBy(() -> TargetUrl.parse("tcp://github.com"))
        .hasMessage("tcp://github.com: tcp:// needs a port, as in tcp://github.com:22");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ftp://example.com/|scheme must be http, https or tcp, not ftp",
      "example.com|no scheme",
      "http:///path|no host",
      "http://a b/|not a URL",
      "http://user:pw@example.com/|user information is not allowed",
      "http://example.com:0/|port 0 is outside 1-65535",
      "http://example.com:70000/|port 70000 is outside 1-65535"})
  void badTargetsAreRefusedWithTheReason(String raw, String reason) {
    assertThatThrownBy(() -> TargetUrl.parse(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(raw + ": ")
        .hasMessageContaining(reason);
  }
}
