package io.sandboxegress.plan;

import java.util.List;

/**
 * A range that is not the public internet: sandboxes reach it only through a CIDR rule that says
 * {@code private: true}, and a cloud metadata address inside a larger private block only through
 * a rule that names exactly that address.
 *
 * @param block the range
 * @param description what it is, in words, e.g. "link-local (cloud metadata)"
 */
public record ReservedRange(IpBlock block, String description) {

  /**
   * NAT64's well-known prefix (RFC 6052): a sandbox on an IPv6 network reaches any IPv4 address
   * through it, so each IPv4 range that stays blocked stays blocked in this form too.
   */
  public static final IpBlock NAT64_WELL_KNOWN_PREFIX = IpBlock.parse("64:ff9b::/96").orElseThrow();

  /**
   * IPv4-mapped IPv6 (RFC 4291): an IPv4 address written as IPv6. It is never a destination on
   * the wire (a dual-stack socket sends IPv4), and Kubernetes reads such a CIDR as the IPv4 block
   * it maps (so {@code ::ffff:0:0/96} would be all of IPv4, metadata included) while refusing it
   * as an {@code except} of {@code ::/0}: a rule must write the IPv4 block instead.
   */
  public static final IpBlock IPV4_MAPPED = IpBlock.parse("::ffff:0:0/96").orElseThrow();

  /** The ranges that are never public, whatever the cluster. */
  public static final List<ReservedRange> WELL_KNOWN = List.of(
      // Linux connects 0.0.0.0 (and ::) to the host itself
      of("0.0.0.0/8", "\"this network\" (RFC 791; 0.0.0.0 reaches the node itself)"),
      of("10.0.0.0/8", "private (RFC 1918)"),
      of("172.16.0.0/12", "private (RFC 1918)"),
      of("192.168.0.0/16", "private (RFC 1918)"),
      of("169.254.0.0/16", "link-local (cloud metadata)"),
      of("100.64.0.0/10", "carrier-grade NAT (RFC 6598)"),
      of("127.0.0.0/8", "loopback"),
      of("::/128", "IPv6 unspecified (reaches the node itself)"),
      of("fc00::/7", "unique-local IPv6"),
      of("fe80::/10", "link-local IPv6"),
      of("::1/128", "IPv6 loopback"),
      // the local-use NAT64 prefix (RFC 8215): the network decides how IPv4 sits inside it, so
      // no part of it can be told public
      of("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"));

  /**
   * The cloud metadata and credential endpoints of the major clouds, in one place. Each stays
   * blocked inside any block a rule opens, even a {@code private: true} one, unless a rule names
   * exactly that address: a metadata endpoint hands out the node's or the account's credentials.
   */
  public static final List<ReservedRange> METADATA = List.of(
      // AWS, GCP, Azure, Oracle Cloud, IBM Cloud, DigitalOcean, Hetzner, OpenStack, Linode:
      // the instance metadata service
      of("169.254.169.254/32", "cloud metadata (instance metadata service)"),
      of("169.254.170.2/32", "cloud metadata (AWS ECS task credentials)"),
      of("169.254.170.23/32", "cloud metadata (AWS EKS Pod Identity agent)"),
      of("169.254.0.23/32", "cloud metadata (Tencent Cloud)"),
      of("169.254.42.42/32", "cloud metadata (Scaleway)"),
      of("100.100.100.200/32", "cloud metadata (Alibaba Cloud)"),
      // a public address: without this entry the public internet would include it
      of("168.63.129.16/32", "cloud metadata (Azure WireServer)"),
      of("192.0.0.192/32", "cloud metadata (Oracle Cloud Classic)"),
      of("fd00:ec2::254/128", "cloud metadata (AWS instance metadata service, IPv6)"),
      of("fd00:ec2::23/128", "cloud metadata (AWS EKS Pod Identity agent, IPv6)"),
      of("fd20:ce::254/128", "cloud metadata (GCP, IPv6)"),
      of("fd00:c1::a9fe:a9fe/128", "cloud metadata (Oracle Cloud, IPv6)"),
      of("fd00:42::42/128", "cloud metadata (Scaleway, IPv6)"),
      of("fd00:a9fe:a9fe::1/128", "cloud metadata (Linode, IPv6)"));

  static ReservedRange of(String cidr, String description) {
    return new ReservedRange(IpBlock.parse(cidr).orElseThrow(), description);
  }

  /** This IPv4 range as a sandbox on IPv6 reaches it through NAT64's well-known prefix. */
  ReservedRange viaNat64() {
    return new ReservedRange(block.embeddedIn(NAT64_WELL_KNOWN_PREFIX),
        description + " through NAT64 (64:ff9b::/96)");
  }
}
