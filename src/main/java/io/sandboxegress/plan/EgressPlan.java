package io.sandboxegress.plan;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.sandboxegress.api.Enforcement;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.api.Policy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A validated, normalised SandboxEgress: what the renderers turn into objects.
 *
 * @param namespace the SandboxEgress's namespace, where everything is rendered
 * @param name the SandboxEgress's name
 * @param policy the policy, defaulted
 * @param podSelector the sandbox pods (a copy is returned on each call)
 * @param exactHosts the exact hosts, merged and sorted by name
 * @param wildcardHosts the {@code *.} hosts, merged and sorted by name
 * @param cidrRules the IP blocks, merged and sorted, with their carve-outs
 * @param blockedRanges what stays blocked on the public internet (reserved and cluster ranges),
 *     IPv4 then IPv6, none inside another
 * @param istioMode the Istio mode, defaulted
 * @param egressGateway the egress gateway that carries the hosts, when the spec names one
 * @param enforcement whether to apply, defaulted
 */
public record EgressPlan(
    String namespace,
    String name,
    Policy policy,
    LabelSelector podSelector,
    List<HostRule> exactHosts,
    List<HostRule> wildcardHosts,
    List<CidrRule> cidrRules,
    List<IpBlock> blockedRanges,
    IstioMode istioMode,
    Optional<EgressGateway> egressGateway,
    Enforcement enforcement) {

  public EgressPlan {
    podSelector = copy(podSelector);
    exactHosts = List.copyOf(exactHosts);
    wildcardHosts = List.copyOf(wildcardHosts);
    cidrRules = List.copyOf(cidrRules);
    blockedRanges = List.copyOf(blockedRanges);
  }

  @Override
  public LabelSelector podSelector() {
    return copy(podSelector);
  }

  /** The selector's {@code matchLabels}; empty when it has none. */
  public Map<String, String> podLabels() {
    return podSelector.getMatchLabels() == null ? Map.of() : Map.copyOf(podSelector.getMatchLabels());
  }

  /** Exact hosts, then wildcard hosts. */
  public List<HostRule> hosts() {
    return Stream.concat(exactHosts.stream(), wildcardHosts.stream()).toList();
  }

  /** The distinct port numbers of all hosts, ascending. */
  public List<Integer> hostPortNumbers() {
    return hosts().stream().flatMap(host -> host.ports().stream()).map(PortRule::number)
        .distinct().sorted().toList();
  }

  /** The blocked ranges of one family: the {@code except} list of the public internet. */
  public List<IpBlock> blockedRanges(boolean ipv6) {
    return blockedRanges.stream().filter(block -> block.isIpv6() == ipv6).toList();
  }

  private static LabelSelector copy(LabelSelector selector) {
    return new LabelSelectorBuilder(selector).build();
  }
}
