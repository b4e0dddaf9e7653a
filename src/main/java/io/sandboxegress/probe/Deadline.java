package io.sandboxegress.probe;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** The time one target's probe may take, shared by all of its steps. */
final class Deadline {

  private final Duration budget;
  private final long startNanos;

  private Deadline(Duration budget) {
    this.budget = budget;
    this.startNanos = System.nanoTime();
  }

  static Deadline after(Duration budget) {
    return new Deadline(budget);
  }

  Duration budget() {
    return budget;
  }

  long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * The time left, as a socket timeout (never 0, which would mean "wait forever").
   *
   * @throws SocketTimeoutException when no time is left
   */
  int remainingMillis() throws SocketTimeoutException {
    long remaining = budget.toMillis() - elapsedMillis();
    if (remaining <= 0) {
      throw new SocketTimeoutException("no time left within " + budget.toMillis() + " ms");
    }
    return (int) Math.min(Integer.MAX_VALUE, remaining);
  }
}
