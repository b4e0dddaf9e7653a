package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sandboxegress.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A replica started while the API server is away waits for it, in a few readable lines. */
class ApiServerWaitTest {

  private static final String API = "https://10.0.0.1:6443";
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ApiServerWait.class);
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
  void waitsUntilTheApiServerAnswersSayingWhyOnceAMinuteAndWhenTheCauseChanges() throws Exception {
    Deque<Optional<String>> answers = new ArrayDeque<>();
    for (int i = 0; i < 40; i++) {
      answers.add(Optional.of("connection refused"));
    }
    answers.add(Optional.of("connect timed out"));
    answers.add(Optional.empty());
    // every check is two seconds after the last one
    ApiServerWait wait = new ApiServerWait(() -> {
      clock.advance(Duration.ofSeconds(2));
      return answers.remove();
    }, API, Duration.ofMillis(1), clock);

    assertThat(wait.await("connection refused", new CountDownLatch(1))).isTrue();

    assertThat(answers).as("it stopped checking once the API server answered").isEmpty();
    assertThat(logged.list).extracting(e -> e.getLevel() + " " + e.getFormattedMessage()).containsExactly(
        "WARN cannot reach the API server at " + API + ": connection refused; waiting for it (checking every 0 s)",
        "INFO still waiting for the API server at " + API + " after 60 s: connection refused",
        "WARN cannot reach the API server at " + API + ": connect timed out; still waiting after 82 s",
        "INFO the API server at " + API + " answers after 84 s of waiting; starting");
    assertThat(logged.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  @Test
  void aStopWhileWaitingEndsTheWaitWithoutStarting() throws Exception {
    CountDownLatch stopping = new CountDownLatch(1);
    ApiServerWait wait = new ApiServerWait(() -> {
      stopping.countDown();
      return Optional.of("connection refused");
    }, API, Duration.ofMillis(1), clock);

    assertThat(wait.await("connection refused", stopping)).isFalse();
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(line -> line.contains("starting"));
  }
}
