package io.sandboxegress.cli;

import static io.sandboxegress.testing.LoopbackServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.probe.ProbeResult;
import io.sandboxegress.probe.ProbeResults;
import io.sandboxegress.testing.LoopbackServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The probe command, against servers on 127.0.0.1 (IP literals: no DNS is asked). */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class ProbeCommandTest {

  private static final String OK = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n";

  @TempDir
  Path dir;

  private static Run run(String... args) {
    return Run.of(args);
  }

  private static String refusedTarget(String path) throws IOException {
    return "http://127.0.0.1:" + LoopbackServer.unusedPort().getPort() + path;
  }

  @Test
  void printsOneCompactJsonResultPerTargetInOrder() throws IOException {
    try (LoopbackServer web = LoopbackServer.plain(respond(OK))) {
      String reachable = "http://127.0.0.1:" + web.port() + "/simple/";
      String refused = refusedTarget("/");

      Run run = run("probe", "--target", reachable, "--target", refused, "--timeout-seconds", "2");

      assertThat(run.exitCode()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out()).endsWith("]" + System.lineSeparator()).doesNotContain("\n ");
      List<ProbeResult> results = ProbeResults.fromJson(run.out());
      assertThat(results).extracting(ProbeResult::target).containsExactly(reachable, refused);
      assertThat(results).extracting(ProbeResult::reason)
          .containsExactly("HttpResponse", "ConnectionRefused");
      assertThat(results).extracting(ProbeResult::outcome).containsExactly("Reachable", "Blocked");
      assertThat(results.get(0).detail()).contains("server: nginx");
    }
  }

  @Test
  void writesTheSameJsonToTheTerminationMessage() throws IOException {
    Path message = dir.resolve("termination-log");
    Run run = run("probe", "--target", refusedTarget("/"), "--termination-message-path",
        message.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(message)).isEqualTo(run.out().strip());
  }

  @Test
  void theTerminationMessageIsCutToKubernetes4KiB() throws IOException {
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      targets.add(refusedTarget("/a/rather/long/path/to/make/it/count/" + i));
    }
    List<String> args = new ArrayList<>(List.of("probe", "--termination-message-path",
        dir.resolve("termination-log").toString()));
    targets.forEach(target -> args.addAll(List.of("--target", target)));

    Run run = run(args.toArray(String[]::new));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(4096);
    byte[] message = Files.readAllBytes(dir.resolve("termination-log"));
    assertThat(message.length).isLessThanOrEqualTo(4096);
    List<ProbeResult> results = ProbeResults.fromJson(new String(message, StandardCharsets.UTF_8));
    assertThat(results).extracting(ProbeResult::target).containsExactlyElementsOf(targets);
    assertThat(results).extracting(ProbeResult::reason).containsOnly("ConnectionRefused");
    assertThat(results).anySatisfy(result -> assertThat(result.detail()).endsWith("..."));
    assertThat(run.err()).isEmpty();
  }

  @Test
  void resultsThatCannotAllFitAreSaidOnStderr() throws IOException {
    List<String> args = new ArrayList<>(List.of("probe", "--termination-message-path",
        dir.resolve("termination-log").toString()));
    String refused = refusedTarget("/" + "x".repeat(200));
    IntStream.range(0, 30).forEach(i -> args.addAll(List.of("--target", refused)));

    Run run = run(args.toArray(String[]::new));

    assertThat(run.exitCode()).isZero();
    assertThat(ProbeResults.fromJson(run.out())).hasSize(30);
    assertThat(Files.size(dir.resolve("termination-log"))).isLessThanOrEqualTo(4096);
    assertThat(run.err()).matches("(?s)the termination message holds \\d+ of 30 results: probe"
        + " fewer targets per pod\\s*");
  }

  @Test
  void aBadUrlExits2AndProbesNothing() {
    Path message = dir.resolve("termination-log");
    Run run = run("probe", "--target", "https://pypi.org/", "--target", "ftp://example.com/",
        "--termination-message-path", message.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("--target ftp://example.com/: scheme must be http, https or tcp");
    assertThat(message).doesNotExist();
  }

  @Test
  void aTimeoutOutOfRangeExits2() {
    Run run = run("probe", "--target", "http://127.0.0.1/", "--timeout-seconds", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--timeout-seconds: must be between 1 and 300, not 0");
  }

  @Test
  void noTargetIsAUsageError() {
    Run run = run("probe");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--target=URL'");
  }

  @Test
  void anUnwritableTerminationMessageExits1AfterPrinting() throws IOException {
    Path message = dir.resolve("missing-dir/termination-log");
    Run run = run("probe", "--target", refusedTarget("/"), "--termination-message-path",
        message.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(ProbeResults.fromJson(run.out())).hasSize(1);
    assertThat(run.err()).contains("cannot write the results");
  }
}
