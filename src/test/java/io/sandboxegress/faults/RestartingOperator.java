package io.sandboxegress.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An operator container with {@code restartPolicy: Always}: when its process exits it is started
 * again, as the kubelet does (here at once, without the kubelet's back-off, which only grows when
 * a container keeps exiting: exactly what the suite asserts does not happen).
 */
final class RestartingOperator implements AutoCloseable {

  private final Supplier<OperatorProcess> start;
  private final ScheduledExecutorService kubelet;
  private final List<OperatorProcess> exited = new ArrayList<>();
  private OperatorProcess current;
  private boolean closed;

  private RestartingOperator(Supplier<OperatorProcess> start) {
    this.start = start;
    this.current = start.get();
    this.kubelet = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "restarting-" + current.name());
      thread.setDaemon(true);
      return thread;
    });
    kubelet.scheduleWithFixedDelay(this::restartIfExited, 200, 200, TimeUnit.MILLISECONDS);
  }

  static RestartingOperator start(Supplier<OperatorProcess> start) {
    return new RestartingOperator(start);
  }

  private synchronized void restartIfExited() {
    if (!closed && !current.isAlive()) {
      exited.add(current);
      current = start.get();
    }
  }

  synchronized OperatorProcess current() {
    return current;
  }

  /** The processes that exited on their own, oldest first. */
  synchronized List<OperatorProcess> exited() {
    return List.copyOf(exited);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    kubelet.shutdownNow();
    current().close();
  }
}
