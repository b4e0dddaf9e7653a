package io.sandboxegress.plan;

import java.util.List;

/**
 * An allowed IP block and its ports.
 *
 * @param block the block, canonical
 * @param privateRange whether the spec said {@code private: true}: the block is taken as written
 * @param except the reserved ranges inside the block that stay blocked, sorted; each strictly
 *     inside {@code block}, none inside another
 * @param ports the ports, sorted by number, never empty
 */
public record CidrRule(IpBlock block, boolean privateRange, List<IpBlock> except,
    List<PortRule> ports) {

  public CidrRule {
    except = List.copyOf(except);
    ports = List.copyOf(ports);
  }

  public String cidr() {
    return block.toString();
  }

  public boolean ipv6() {
    return block.isIpv6();
  }
}
