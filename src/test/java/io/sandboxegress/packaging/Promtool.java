package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.fail;

import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' promtool as {@code scripts/promtool.sh} builds it (the version test-support/promtool
 * pins), or {@code $PROMTOOL}. Missing, the tests that need it fail under CI and are skipped with
 * the reason elsewhere, never passed.
 */
final class Promtool {

  static final String SCRIPT = "scripts/promtool.sh";

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  static Promtool locate() {
    Path binary = path();
    if (!Files.isExecutable(binary)) {
      String why = "promtool is not built (" + binary + "): run " + SCRIPT;
      if ("true".equals(System.getenv("CI"))) {
        fail(why + "; make test runs it");
      }
      Assumptions.abort(why + ": the chart's alerting rules are untested");
    }
    return new Promtool(binary);
  }

  static Path path() {
    String env = System.getenv("PROMTOOL");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String dir = System.getenv("PROMTOOL_DIR");
    Path base = dir != null && !dir.isBlank() ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".cache", "sandbox-egress-promtool");
    return base.resolve(pinnedVersion()).resolve("promtool");
  }

  private static String pinnedVersion() {
    Path goMod = ApiServer.projectRoot().resolve("test-support/promtool/go.mod");
    try {
      Matcher version = Pattern.compile("(?m)^\\s*github\\.com/prometheus/prometheus (v\\S+)")
          .matcher(Files.readString(goMod));
      if (!version.find()) {
        throw new AssertionError(goMod + " pins no github.com/prometheus/prometheus version");
      }
      return version.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs promtool with these arguments in a directory; its exit code and combined output. */
  Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s:\n" + output);
    }
    return new Result(process.exitValue(), output);
  }

  record Result(int exitCode, String output) {}
}
