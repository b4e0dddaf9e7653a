package io.sandboxegress.plan;

import java.util.List;

/**
 * An allowed DNS host and its ports.
 *
 * @param host an exact name ({@code pypi.org}) or one leading wildcard label
 *     ({@code *.githubusercontent.com})
 * @param ports the ports, sorted by number, never empty
 */
public record HostRule(String host, List<PortRule> ports) {

  public HostRule {
    ports = List.copyOf(ports);
  }

  public boolean wildcard() {
    return host.startsWith("*.");
  }
}
