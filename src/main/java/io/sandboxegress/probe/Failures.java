package io.sandboxegress.probe;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** What kind of network failure an exception stands for, whatever wraps it. */
final class Failures {

  private Failures() {}

  static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException
          || t instanceof ConnectException && contains(t, "timed out")) {
        return true;
      }
    }
    return false;
  }

  static boolean isRefused(Throwable failure) {
    return failure instanceof ConnectException && contains(failure, "refused");
  }

  /** A TCP reset, seen as such by the JDK. */
  static boolean isReset(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketException
          && (contains(t, "reset") || contains(t, "broken pipe") || contains(t, "aborted"))) {
        return true;
      }
    }
    return false;
  }

  /** The peer closed the connection (FIN) where the protocol expected more. */
  static boolean isEndOfStream(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EOFException
          || t instanceof SSLException && contains(t, "remote host terminated")) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message, which is where the JDK puts the plain words. */
  static String rootMessage(Throwable failure) {
    String message = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message != null ? message : failure.getClass().getSimpleName();
  }

  private static boolean contains(Throwable t, String words) {
    return t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(words);
  }
}
