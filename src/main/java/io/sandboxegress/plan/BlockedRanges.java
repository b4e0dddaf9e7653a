package io.sandboxegress.plan;

import io.sandboxegress.facts.ClusterNetworks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The ranges that are not the public internet: the well-known reserved ranges, the cloud metadata
 * endpoints and the cluster's own pod and service ranges, each IPv4 one also in its NAT64 form.
 */
final class BlockedRanges {

  private final List<ReservedRange> ranges;

  private BlockedRanges(List<ReservedRange> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** The ranges for {@code networks}; the errors name the configured ranges that do not parse. */
  static BlockedRanges of(ClusterNetworks networks, List<FieldError> errors) {
    List<ReservedRange> ranges = new ArrayList<>(ReservedRange.WELL_KNOWN);
    ranges.addAll(ReservedRange.METADATA);
    addCluster(ranges, networks.podCidrs(), "clusterNetworks.podCidrs", "the cluster's pod range",
        errors);
    addCluster(ranges, networks.serviceCidrs(), "clusterNetworks.serviceCidrs",
        "the cluster's service range", errors);
    List<ReservedRange> viaNat64 = ranges.stream().filter(range -> range.block().isIpv4())
        .map(ReservedRange::viaNat64).toList();
    ranges.addAll(viaNat64);
    return new BlockedRanges(ranges);
  }

  private static void addCluster(List<ReservedRange> ranges, List<String> cidrs, String field,
      String description, List<FieldError> errors) {
    if (cidrs == null) {
      return;
    }
    for (int i = 0; i < cidrs.size(); i++) {
      Optional<IpBlock> block = IpBlock.parse(cidrs.get(i) == null ? null : cidrs.get(i).trim());
      if (block.isEmpty()) {
        errors.add(new FieldError(field + "[" + i + "]", "'" + cidrs.get(i)
            + "' is not an IPv4 or IPv6 block: configure the range as 10.244.0.0/16"));
      } else {
        ranges.add(new ReservedRange(block.get(), description));
      }
    }
  }

  /** The blocked range that holds all of {@code block}, if there is one. */
  Optional<ReservedRange> containing(IpBlock block) {
    return ranges.stream().filter(range -> range.block().contains(block))
        .min(Comparator.comparing(ReservedRange::block, Comparator.comparingInt(IpBlock::prefix)));
  }

  /**
   * The blocked ranges strictly inside {@code block}, without duplicates and without a range that
   * lies inside another one, sorted. A metadata address is among them unless {@code block} is
   * exactly that address: a rule that opens a larger block never opens it by the way.
   */
  List<IpBlock> insideOf(IpBlock block) {
    List<IpBlock> inside = ranges.stream().map(ReservedRange::block)
        .filter(block::strictlyContains).distinct().sorted().toList();
    return inside.stream()
        .filter(candidate -> inside.stream()
            .noneMatch(other -> !other.equals(candidate) && other.contains(candidate)))
        .toList();
  }

  /** Everything that stays blocked on the public internet, both families, sorted. */
  List<IpBlock> all() {
    List<IpBlock> result = new ArrayList<>(insideOf(IpBlock.IPV4_ALL));
    result.addAll(insideOf(IpBlock.IPV6_ALL));
    return List.copyOf(result);
  }
}
