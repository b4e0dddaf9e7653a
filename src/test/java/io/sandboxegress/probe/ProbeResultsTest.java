package io.sandboxegress.probe;

import static io.sandboxegress.probe.ProbeResults.TERMINATION_MESSAGE_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProbeResultsTest {

  private static final ProbeResult PYPI = new ProbeResult("https://pypi.org/simple/", "Reachable",
      "HttpResponse", "HTTP 200 in 84 ms via 151.101.0.223, server: nginx", 84);
  private static final ProbeResult METADATA = new ProbeResult(
      "http://169.254.169.254/latest/meta-data/", "Blocked", "ConnectTimeout",
      "no TCP connection to 169.254.169.254:80 within 5 s", 5001);

  private static int bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }

  private static ProbeResult withDetail(int index, String detail) {
    return new ProbeResult("https://host-" + index + ".example.com/some/long/path/" + index,
        "Blocked", "ProbeError", detail, index);
  }

  @Test
  void writesCompactJsonWithTheFieldsInOrder() {
    assertThat(ProbeResults.toJson(List.of(PYPI))).isEqualTo("[{\"target\":"
        + "\"https://pypi.org/simple/\",\"outcome\":\"Reachable\",\"reason\":\"HttpResponse\","
        + "\"detail\":\"HTTP 200 in 84 ms via 151.101.0.223, server: nginx\",\"latencyMillis\":84}]");
  }

  @Test
  void readsBackWhatItWrote() {
    List<ProbeResult> results = List.of(PYPI, METADATA);
    assertThat(ProbeResults.fromJson(ProbeResults.toJson(results))).isEqualTo(results);
    assertThat(ProbeResults.fromJson("[]")).isEmpty();
  }

  @Test
  void readingToleratesUnknownAndMissingFieldsAndWhitespace() {
    String json = """
        [ {"target": "tcp://github.com:22", "reason": "TcpConnected", "outcome": "Reachable",
           "checkedAt": "2026-03-02T10:00:00Z", "extra": {"nested": [1, 2]}} ]
        """;
    assertThat(ProbeResults.fromJson(json)).containsExactly(
        new ProbeResult("tcp://github.com:22", "Reachable", "TcpConnected", null, 0));
  }

  @Test
  void readingRefusesWhatIsNotAnArrayOfResults() {
    assertThatThrownBy(() -> ProbeResults.fromJson("Error: exec failed"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("probe results are"
            + " not JSON");
    assertThatThrownBy(() -> ProbeResults.fromJson("{\"target\":\"x\"}"))
        .hasMessage("probe results must be a JSON array");
    assertThatThrownBy(() -> ProbeResults.fromJson("[1]"))
        .hasMessage("each probe result must be a JSON object, not 1");
    assertThatThrownBy(() -> ProbeResults.fromJson("[{\"target\":\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProbeResults.fromJson(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whatFitsIsLeftAlone() {
    List<ProbeResult> results = List.of(PYPI, METADATA);
    assertThat(ProbeResults.toJson(results, TERMINATION_MESSAGE_LIMIT))
        .isEqualTo(ProbeResults.toJson(results));
  }

  @Test
  void longDetailsAreShortenedToFitAndShortOnesKept() {
    String longDetail = "x".repeat(1500);
    List<ProbeResult> results = List.of(withDetail(1, longDetail), PYPI,
        withDetail(2, longDetail), withDetail(3, longDetail));
    assertThat(bytes(ProbeResults.toJson(results))).isGreaterThan(TERMINATION_MESSAGE_LIMIT);

    String bounded = ProbeResults.toJson(results, TERMINATION_MESSAGE_LIMIT);

    assertThat(bytes(bounded)).isLessThanOrEqualTo(TERMINATION_MESSAGE_LIMIT)
        .isGreaterThan(TERMINATION_MESSAGE_LIMIT - 10);
    List<ProbeResult> read = ProbeResults.fromJson(bounded);
    assertThat(read).extracting(ProbeResult::target)
        .containsExactlyElementsOf(results.stream().map(ProbeResult::target).toList());
    assertThat(read.get(1)).isEqualTo(PYPI);
    assertThat(read.get(0).detail()).endsWith("...").hasSizeLessThan(1500)
        .isEqualTo(read.get(2).detail());
    assertThat(read.get(0).latencyMillis()).isEqualTo(1);
  }

  @Test
  void multiByteAndEscapedDetailsAreCountedInBytes() {
    String detail = "naïve \"quoted\" 🚫 ".repeat(200);
    List<ProbeResult> results = IntStream.range(0, 5).mapToObj(i -> withDetail(i, detail)).toList();

    String bounded = ProbeResults.toJson(results, TERMINATION_MESSAGE_LIMIT);

    assertThat(bytes(bounded)).isLessThanOrEqualTo(TERMINATION_MESSAGE_LIMIT);
    assertThat(ProbeResults.fromJson(bounded)).hasSize(5).allSatisfy(result ->
        assertThat(result.detail()).endsWith("...").doesNotContain("\uFFFD"));
  }

  @Test
  void tooManyResultsLoseTheLastOnesRatherThanBreakTheJson() {
    List<ProbeResult> results =
        IntStream.range(0, 100).mapToObj(i -> withDetail(i, "refused")).toList();

    String bounded = ProbeResults.toJson(results, TERMINATION_MESSAGE_LIMIT);

    assertThat(bytes(bounded)).isLessThanOrEqualTo(TERMINATION_MESSAGE_LIMIT);
    List<ProbeResult> read = ProbeResults.fromJson(bounded);
    assertThat(read).hasSizeBetween(10, 99);
    assertThat(read.get(0).target()).isEqualTo(results.get(0).target());
    assertThat(read.get(read.size() - 1).target())
        .isEqualTo(results.get(read.size() - 1).target());
  }
}
