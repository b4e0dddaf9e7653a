package io.sandboxegress.plan;

import java.util.List;

/**
 * A range that is not the public internet: sandboxes reach it only through a CIDR rule that says
 * {@code private: true}.
 *
 * @param block the range
 * @param description what it is, in words, e.g. "link-local (cloud metadata)"
 */
public record ReservedRange(IpBlock block, String description) {

  /** The ranges that are never public, whatever the cluster. */
  public static final List<ReservedRange> WELL_KNOWN = List.of(
      of("10.0.0.0/8", "private (RFC 1918)"),
      of("172.16.0.0/12", "private (RFC 1918)"),
      of("192.168.0.0/16", "private (RFC 1918)"),
      of("169.254.0.0/16", "link-local (cloud metadata)"),
      of("100.64.0.0/10", "carrier-grade NAT (RFC 6598)"),
      of("127.0.0.0/8", "loopback"),
      of("fc00::/7", "unique-local IPv6"),
      of("fe80::/10", "link-local IPv6"),
      of("::1/128", "IPv6 loopback"));

  static ReservedRange of(String cidr, String description) {
    return new ReservedRange(IpBlock.parse(cidr).orElseThrow(), description);
  }
}
