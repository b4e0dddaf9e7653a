package io.sandboxegress.faults;

import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * What each fault case expected, what it observed and how long recovery took: one row per case,
 * appended to {@code target/faults/table.tsv} (so that several test classes and runs add up) and
 * printed as it is recorded; {@code scripts/fault-table.sh} prints the whole table and
 * {@code faults: N/M survived}.
 */
public final class FaultTable {

  /** One case's outcome. {@code recovery} null when there was nothing to recover from or it failed. */
  public record Row(String fault, String expected, String observed, Duration recovery, boolean survived) {}

  /** What a case body returns when it survived. */
  public record Observed(String observed, Duration recovery) {}

  public interface Case {
    Observed run() throws Exception;
  }

  private FaultTable() {}

  static Path file() {
    return ApiServer.projectRoot().resolve("target/faults/table.tsv");
  }

  /** Runs {@code body}; records it as survived when it returns, as not survived when it throws (and rethrows). */
  public static void record(String fault, String expected, Case body) throws Exception {
    try {
      Observed observed = body.run();
      append(new Row(fault, expected, observed.observed(), observed.recovery(), true));
    } catch (Exception | AssertionError e) {
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
      message = message.length() > 300 ? message.substring(0, 300) + "…" : message;
      append(new Row(fault, expected, "FAILED: " + message, null, false));
      throw e;
    }
  }

  static synchronized void append(Row row) {
    try {
      Files.createDirectories(file().getParent());
      Files.writeString(file(), String.join("\t", clean(row.fault()), clean(row.expected()), clean(row.observed()),
          row.recovery() == null ? "-" : seconds(row.recovery()), Boolean.toString(row.survived())) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("fault case: " + format(row));
  }

  /** One row as the table prints it. */
  static String format(Row row) {
    return row.fault() + " | " + row.expected() + " | " + row.observed() + " | "
        + (row.recovery() == null ? "-" : seconds(row.recovery()));
  }

  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private static String clean(String text) {
    return text.replace('\t', ' ').replace('\n', ' ').replace("|", "/");
  }
}
