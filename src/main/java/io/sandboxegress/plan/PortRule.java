package io.sandboxegress.plan;

import io.sandboxegress.api.Protocol;
import java.util.Comparator;
import java.util.Locale;

/** One allowed port and the protocol spoken on it. */
public record PortRule(int number, Protocol protocol) implements Comparable<PortRule> {

  public static final PortRule TLS_443 = new PortRule(443, Protocol.TLS);
  public static final PortRule HTTP_80 = new PortRule(80, Protocol.HTTP);

  private static final Comparator<PortRule> ORDER =
      Comparator.comparingInt(PortRule::number).thenComparing(PortRule::protocol);

  /** {@code tls-443}: Istio's port name, lower-case protocol and number. */
  public String istioName() {
    return protocol.name().toLowerCase(Locale.ROOT) + "-" + number;
  }

  @Override
  public int compareTo(PortRule other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return number + "/" + protocol;
  }
}
