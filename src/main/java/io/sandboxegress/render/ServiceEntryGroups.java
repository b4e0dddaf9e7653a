package io.sandboxegress.render;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.sandboxegress.api.Policy;
import io.sandboxegress.api.Protocol;
import io.sandboxegress.plan.CidrRule;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.HostRule;
import io.sandboxegress.plan.PortRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a plan's destinations become ServiceEntries, within Istio's rules: exact hosts resolve by
 * DNS; wildcard hosts, at the sandboxes' own sidecar, by DYNAMIC_DNS where their ports carry a name
 * (TLS SNI, HTTP Host), so the proxy connects to what the name resolves to, never to the address the sandbox dialled (with NONE,
 * an allowed SNI sent to any address reached that address: seen on the lab's real Envoy); wildcard
 * hosts on TCP ports and CIDRs by NONE; destinations share an entry only when their ports are the
 * same; a DNS entry with a TCP port holds one host (TCP carries no host name to tell several
 * apart).
 */
final class ServiceEntryGroups {

  /** A reserved top-level domain (RFC 6761): the name of a CIDR entry never resolves. */
  static final String CIDR_HOST_DOMAIN = "sandboxegress.invalid";

  /**
   * One ServiceEntry to render.
   *
   * @param suffix the name suffix after the owner's base name
   * @param hosts the hosts, sorted
   * @param addresses the CIDR addresses, sorted; empty for host entries
   * @param ports the ports, sorted by number
   * @param resolution DNS or NONE
   */
  record Entry(String suffix, List<String> hosts, List<String> addresses, List<PortRule> ports,
      ServiceEntryResolution resolution) {}

  private ServiceEntryGroups() {}

  /**
   * The entries for {@code plan}; none unless the policy is AllowList.
   *
   * @param wildcardsByName whether wildcard hosts resolve by name at the sandboxes' own sidecar
   *     (DYNAMIC_DNS); not through an egress gateway or a waypoint, which route them themselves
   */
  static List<Entry> of(EgressPlan plan, boolean wildcardsByName) {
    if (plan.policy() != Policy.AllowList) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    byPorts(plan.exactHosts(), HostRule::ports).forEach((ports, hosts) -> {
      if (ports.stream().anyMatch(port -> port.protocol() == Protocol.TCP)) {
        hosts.forEach(host -> entries.add(new Entry("dns-" + signature(ports) + "-" + slug(host.host()),
            List.of(host.host()), List.of(), ports, ServiceEntryResolution.DNS)));
      } else {
        entries.add(new Entry("dns-" + signature(ports), names(hosts), List.of(), ports,
            ServiceEntryResolution.DNS));
      }
    });
    byPorts(plan.wildcardHosts(), HostRule::ports).forEach((ports, hosts) ->
        entries.add(new Entry("wildcard-" + signature(ports), names(hosts), List.of(), ports,
            wildcardsByName && resolvesByName(ports) ? ServiceEntryResolution.DYNAMIC_DNS
                : ServiceEntryResolution.NONE)));
    byPorts(plan.cidrRules(), ServiceEntryGroups::tcpPorts).forEach((ports, cidrs) -> {
      String suffix = "cidr-" + signature(ports);
      String host = ObjectNames.forOwner(plan.name(), suffix) + "." + CIDR_HOST_DOMAIN;
      entries.add(new Entry(suffix, List.of(host),
          cidrs.stream().map(CidrRule::cidr).toList(), ports, ServiceEntryResolution.NONE));
    });
    return entries;
  }

  private static <T> Map<List<PortRule>, List<T>> byPorts(List<T> rules,
      Function<T, List<PortRule>> ports) {
    return rules.stream().collect(Collectors.groupingBy(ports, LinkedHashMap::new,
        Collectors.toList()));
  }

  /**
   * Whether Envoy's dynamic forward proxy can take the destination from the traffic's own name on
   * every port (SNI for TLS, the Host header for HTTP); plain TCP carries no name.
   */
  static boolean resolvesByName(List<PortRule> ports) {
    return ports.stream().allMatch(port -> port.protocol() == Protocol.TLS || port.protocol() == Protocol.HTTP);
  }

  /** An IP block carries whatever runs on its ports: Istio passes it on as plain TCP. */
  private static List<PortRule> tcpPorts(CidrRule rule) {
    return rule.ports().stream().map(port -> new PortRule(port.number(), Protocol.TCP)).toList();
  }

  private static List<String> names(List<HostRule> hosts) {
    return hosts.stream().map(HostRule::host).sorted().toList();
  }

  private static String signature(List<PortRule> ports) {
    return ports.stream().map(PortRule::istioName).collect(Collectors.joining("-"));
  }

  private static String slug(String host) {
    return host.replace("*.", "").replace('.', '-');
  }
}
