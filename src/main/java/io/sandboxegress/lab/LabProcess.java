package io.sandboxegress.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running process the lab started (kube-router, dnsmasq, a probe container, istiod, envoy),
 * with its output in a log file. Stopped by its own PID and those of its descendants, never by name.
 */
final class LabProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private LabProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static LabProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    builder.environment().putAll(env);
    try {
      return new LabProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Process process() {
    return process;
  }

  /** Waits for the process to exit; {@code null} when it is still running after {@code millis}. */
  Integer waitFor(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  /**
   * Waits until the process has written {@code line} to its log; fails when it exits first or the
   * deadline passes, quoting the end of the log.
   */
  void awaitLog(String line, Duration deadline) {
    Instant end = Instant.now().plus(deadline);
    try {
      while (true) {
        String text = Files.exists(log) ? Files.readString(log) : "";
        if (text.contains(line)) {
          return;
        }
        if (!process.isAlive() || Instant.now().isAfter(end)) {
          String tail = text.length() > 2000 ? text.substring(text.length() - 2000) : text;
          throw new LabException(this + (process.isAlive() ? " did not print '" + line + "' within " + deadline
              : " exited with " + process.exitValue() + " before printing '" + line + "'") + "; log:\n" + tail);
        }
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException(this + ": interrupted while waiting for '" + line + "'");
    }
  }

  /** SIGTERM to the process and its descendants, SIGKILL to whatever is left after 3 s. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(3, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
