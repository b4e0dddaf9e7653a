package io.sandboxegress.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * What went wrong, as one line a person reads: no stack trace and no Java class names (a user
 * typed a policy name or pointed at a cluster; {@code InvalidFormatException} or
 * {@code io.sandboxegress.api.Policy} tells them nothing). Every command's errors go through here.
 */
public final class ErrorLine {

  /** A qualified class name ({@code java.net.ConnectException}) or one in Jackson's backticks. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("`?\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)(?:<[^>]*>)?`?(?::\\s*)?");

  private ErrorLine() {}

  public static String of(Throwable error) {
    Throwable network = networkCause(error);
    if (network != null) {
      return networkProblem(network);
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoSuchFileException missing) {
        return "no such file: " + missing.getFile();
      }
      if (cause instanceof AccessDeniedException denied) {
        return "permission denied: " + denied.getFile();
      }
      if (cause instanceof KubernetesClientException k8s && k8s.getCode() > 0) {
        return apiServerAnswer(k8s);
      }
      if (cause instanceof JsonProcessingException json) {
        return jsonProblem(json);
      }
    }
    return withoutClassNames(firstLine(deepestMessage(error)));
  }

  private static Throwable networkCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException
          || cause instanceof HttpTimeoutException || cause instanceof SSLException) {
        return cause;
      }
    }
    return null;
  }

  private static String networkProblem(Throwable cause) {
    if (cause instanceof UnknownHostException) {
      return "unknown host " + cause.getMessage();
    }
    if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
      return "timed out";
    }
    if (cause instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (cause instanceof SSLException) {
      // the innermost reason is the readable one ("unable to find valid certification path ...")
      String message = deepestMessage(cause);
      return "TLS failed: " + withoutClassNames(message.substring(message.lastIndexOf(": ") + 1).trim());
    }
    return "connection refused";
  }

  private static String apiServerAnswer(KubernetesClientException error) {
    String message = error.getStatus() != null && error.getStatus().getMessage() != null
        ? error.getStatus().getMessage() : firstLine(error.getMessage());
    return "the API server answered HTTP " + error.getCode() + ": " + withoutClassNames(message);
  }

  private static String jsonProblem(JsonProcessingException error) {
    if (error instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
      return "'" + invalid.getValue() + "' is not " + expected(invalid.getTargetType());
    }
    if (error instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      return "expected " + expected(mismatched.getTargetType());
    }
    return withoutClassNames(firstLine(error.getOriginalMessage()));
  }

  /** The value a field takes, in words. */
  private static String expected(Class<?> type) {
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
          .collect(Collectors.joining(", "));
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a map of keys to values";
    }
    return "an object with fields";
  }

  private static String deepestMessage(Throwable error) {
    String message = null;
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getMessage();
      }
    }
    return message == null ? "unexpected error" : message;
  }

  static String withoutClassNames(String message) {
    return CLASS_NAME.matcher(message).replaceAll("").trim();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unexpected error";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
