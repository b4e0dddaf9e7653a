package io.sandboxegress.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the lab's short host commands ({@code ip}, {@code iptables}, {@code sysctl}) and returns what
 * they print. Every command that touches the network names a lab namespace ({@link #inNetns}); the
 * only commands run without one create or delete those namespaces, so the root namespace's links,
 * routes and rules are never changed.
 */
final class Host {

  private static final long TIMEOUT_SECONDS = 30;

  private Host() {}

  /** Runs {@code command}; fails with its output when it exits non-zero or takes over 30 s. */
  static String run(List<String> command) {
    Result result = tryRun(command);
    if (result.exitCode() != 0) {
      throw new LabException("'" + String.join(" ", command) + "' exited " + result.exitCode() + ": "
          + result.output().strip());
    }
    return result.output();
  }

  static String run(String... command) {
    return run(List.of(command));
  }

  /** Runs {@code command} inside network namespace {@code netns}. */
  static String inNetns(String netns, String... command) {
    return run(netnsCommand(netns, List.of(command)));
  }

  static Result tryInNetns(String netns, String... command) {
    return tryRun(netnsCommand(netns, List.of(command)));
  }

  static List<String> netnsCommand(String netns, List<String> command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
    full.addAll(command);
    return full;
  }

  static Result tryRun(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new LabException("'" + String.join(" ", command) + "' did not finish in " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while running " + String.join(" ", command));
    }
  }

  record Result(int exitCode, String output) {}
}
