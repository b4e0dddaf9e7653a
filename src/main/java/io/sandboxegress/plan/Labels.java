package io.sandboxegress.plan;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes label keys and values, as the API server checks them on the rendered objects. */
public final class Labels {

  private static final Pattern NAME =
      Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
  private static final Pattern PREFIX =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private Labels() {}

  public static Optional<String> keyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return Optional.of("label key must not be empty");
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    String prefix = slash < 0 ? null : key.substring(0, slash);
    if (prefix != null && (prefix.isEmpty() || prefix.length() > 253
        || !PREFIX.matcher(prefix).matches())) {
      return Optional.of("label key '" + key + "' has an invalid prefix: use a lower-case DNS"
          + " subdomain such as example.com/");
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of("label key '" + key + "' is invalid: at most 63 characters, letters,"
          + " digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  public static Optional<String> valueProblem(String value) {
    if (value == null || value.isEmpty() || NAME.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of("label value '" + value + "' is invalid: at most 63 characters, letters,"
        + " digits, '-', '_' or '.', starting and ending with a letter or digit");
  }
}
