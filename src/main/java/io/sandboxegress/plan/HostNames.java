package io.sandboxegress.plan;

import io.sandboxegress.api.AllowRule;
import java.util.Optional;
import java.util.regex.Pattern;

/** The one grammar for allowed hosts: an exact lower-case DNS name, or one leading "*." label. */
public final class HostNames {

  public static final int MAX_LENGTH = 253;
  private static final Pattern PATTERN = Pattern.compile(AllowRule.HOST_PATTERN);

  private HostNames() {}

  /** What is wrong with {@code host} and how to fix it; empty when it is a valid host. */
  public static Optional<String> problem(String host) {
    if (host.equals("*")) {
      return Optional.of("host '*' would allow every destination: use policy AllowInternet instead");
    }
    if (host.length() > MAX_LENGTH) {
      return Optional.of("host must be at most " + MAX_LENGTH + " characters");
    }
    if (!PATTERN.matcher(host).matches()) {
      return Optional.of("host must be a lower-case DNS name like pypi.org, or one leading wildcard"
          + " label like *.githubusercontent.com");
    }
    return Optional.empty();
  }
}
