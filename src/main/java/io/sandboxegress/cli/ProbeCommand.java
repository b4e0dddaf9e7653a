package io.sandboxegress.cli;

import io.sandboxegress.probe.ProbeResult;
import io.sandboxegress.probe.ProbeResults;
import io.sandboxegress.probe.Prober;
import io.sandboxegress.probe.TargetUrl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probe --target URL ...}: runs inside a probe pod and reports what the pod's network lets
 * through. Exits 0 whenever it wrote results, whatever they say: verdicts are the operator's.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = {"Probes each target from this pod (DNS, TCP, TLS, HTTP) and prints one JSON"
        + " result per target: target, outcome, reason, detail, latencyMillis.",
        "Exits 0 when results were written, 2 on bad arguments."})
public final class ProbeCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int CANNOT_WRITE = 1;
  static final int INVALID = 2;
  private static final int MAX_TIMEOUT_SECONDS = 300;

  @Spec
  private CommandSpec spec;

  @Option(names = "--target", required = true, paramLabel = "URL",
      description = "http://, https:// or tcp://host:port; repeat for more targets.")
  private List<String> targets = new ArrayList<>();

  @Option(names = "--timeout-seconds", paramLabel = "N", defaultValue = "5",
      description = "Time allowed for each target, all steps together (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  @Option(names = "--termination-message-path", paramLabel = "PATH",
      description = "Also write the results here, cut to fit Kubernetes' 4096 bytes.")
  private Path terminationMessagePath;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
      return fail(err, INVALID, "--timeout-seconds: must be between 1 and " + MAX_TIMEOUT_SECONDS
          + ", not " + timeoutSeconds);
    }
    List<TargetUrl> urls = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String target : targets) {
      try {
        urls.add(TargetUrl.parse(target));
      } catch (IllegalArgumentException e) {
        errors.add("--target " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      return fail(err, INVALID, String.join(System.lineSeparator(), errors));
    }
    List<ProbeResult> results = new Prober(Duration.ofSeconds(timeoutSeconds)).probe(urls);
    PrintWriter out = spec.commandLine().getOut();
    out.println(ProbeResults.toJson(results));
    out.flush();
    if (terminationMessagePath != null) {
      String message = ProbeResults.toJson(results, ProbeResults.TERMINATION_MESSAGE_LIMIT);
      try {
        Files.writeString(terminationMessagePath, message, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return fail(err, CANNOT_WRITE, terminationMessagePath + ": cannot write the results: " + e);
      }
      int kept = ProbeResults.fromJson(message).size();
      if (kept < results.size()) {
        err.println("the termination message holds " + kept + " of " + results.size()
            + " results: probe fewer targets per pod");
        err.flush();
      }
    }
    return OK;
  }

  private static int fail(PrintWriter err, int exitCode, String message) {
    err.println(message);
    err.flush();
    return exitCode;
  }
}
