package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sandboxegress.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One readable line when the operator stops being ready, with why, and one when it is ready again. */
class ReadinessLogTest {

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ReadinessLog.class);
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicReference<Optional<String>> unreachable = new AtomicReference<>(Optional.empty());
  private final MutableClock clock = new MutableClock();

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  @Test
  void anOutageIsOneWarningWithItsCauseAndTheRecoveryOneLineWithItsDuration() {
    ReadinessLog log = new ReadinessLog(ready::get, unreachable::get, "https://10.0.0.1:6443", clock);
    log.check();
    assertThat(logged.list).as("nothing while the operator starts").isEmpty();
    ready.set(true);
    log.check();
    assertThat(logged.list).isEmpty();

    ready.set(false);
    unreachable.set(Optional.of("connection refused"));
    log.check();
    clock.advance(Duration.ofSeconds(31));
    log.check();
    log.check();
    unreachable.set(Optional.empty());
    ready.set(true);
    log.check();
    log.check();

    assertThat(logged.list).extracting(e -> e.getLevel().toString() + " " + e.getFormattedMessage()).containsExactly(
        "WARN not ready: cannot reach the API server at https://10.0.0.1:6443: connection refused; the operator"
            + " keeps running and catches up once the API server answers",
        "INFO ready again: watching the API server at https://10.0.0.1:6443 after 31 s not ready");
    assertThat(logged.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  @Test
  void aWatchDownWhileTheApiServerAnswersSaysSo() {
    ReadinessLog log = new ReadinessLog(ready::get, unreachable::get, "https://10.0.0.1:6443", clock);
    ready.set(true);
    log.check();
    ready.set(false);
    log.check();
    assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
        .startsWith("not ready: a watch on the API server at https://10.0.0.1:6443 is down");
  }
}
