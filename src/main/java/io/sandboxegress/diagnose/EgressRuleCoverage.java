package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.sandboxegress.plan.IpBlock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether one NetworkPolicy egress rule allows nothing that another set of rules does not allow
 * already. Conservative: when it cannot tell (named ports, a peer of another shape), the rule
 * counts as allowing more.
 */
final class EgressRuleCoverage {

  private static final String DEFAULT_PROTOCOL = "TCP";

  private EgressRuleCoverage() {}

  static boolean covered(NetworkPolicyEgressRule rule, List<NetworkPolicyEgressRule> by) {
    return by.stream().anyMatch(ours -> portsCovered(orEmpty(rule.getPorts()), orEmpty(ours.getPorts()))
        && peersCovered(orEmpty(rule.getTo()), orEmpty(ours.getTo())));
  }

  /** An empty list means every port. */
  private static boolean portsCovered(List<NetworkPolicyPort> theirs, List<NetworkPolicyPort> ours) {
    if (ours.isEmpty()) {
      return true;
    }
    return !theirs.isEmpty()
        && theirs.stream().allMatch(t -> ours.stream().anyMatch(o -> portCovered(t, o)));
  }

  private static boolean portCovered(NetworkPolicyPort theirs, NetworkPolicyPort ours) {
    if (!protocol(theirs).equals(protocol(ours))) {
      return false;
    }
    if (ours.getPort() == null) {
      return true;
    }
    if (theirs.getPort() == null) {
      return false;
    }
    if (theirs.getPort().getStrVal() != null || ours.getPort().getStrVal() != null) {
      return Objects.equals(theirs.getPort(), ours.getPort()) && theirs.getEndPort() == null
          && ours.getEndPort() == null;
    }
    int theirsLow = theirs.getPort().getIntVal();
    int oursLow = ours.getPort().getIntVal();
    return oursLow <= theirsLow && end(theirs, theirsLow) <= end(ours, oursLow);
  }

  /** An empty list means every destination. */
  private static boolean peersCovered(List<NetworkPolicyPeer> theirs, List<NetworkPolicyPeer> ours) {
    if (ours.isEmpty()) {
      return true;
    }
    return !theirs.isEmpty()
        && theirs.stream().allMatch(t -> ours.stream().anyMatch(o -> peerCovered(t, o)));
  }

  private static boolean peerCovered(NetworkPolicyPeer theirs, NetworkPolicyPeer ours) {
    if (theirs.getIpBlock() != null || ours.getIpBlock() != null) {
      return theirs.getIpBlock() != null && ours.getIpBlock() != null
          && ipBlockCovered(theirs.getIpBlock(), ours.getIpBlock());
    }
    boolean sameNamespaceScope = theirs.getNamespaceSelector() == null
        ? ours.getNamespaceSelector() == null
        : ours.getNamespaceSelector() != null
            && implies(theirs.getNamespaceSelector(), ours.getNamespaceSelector());
    return sameNamespaceScope && implies(theirs.getPodSelector(), ours.getPodSelector());
  }

  /** Every object {@code narrower} selects is selected by {@code wider} (null selects all). */
  private static boolean implies(LabelSelector narrower, LabelSelector wider) {
    return SelectorOverlap.of(narrower, wider) == SelectorOverlap.ALL;
  }

  private static boolean ipBlockCovered(IPBlock theirs, IPBlock ours) {
    Optional<IpBlock> theirCidr = IpBlock.parse(theirs.getCidr());
    Optional<IpBlock> ourCidr = IpBlock.parse(ours.getCidr());
    if (theirCidr.isEmpty() || ourCidr.isEmpty() || !ourCidr.get().contains(theirCidr.get())) {
      return false;
    }
    List<IpBlock> theirExcept = orEmpty(theirs.getExcept()).stream()
        .flatMap(e -> IpBlock.parse(e).stream()).toList();
    for (String text : orEmpty(ours.getExcept())) {
      Optional<IpBlock> except = IpBlock.parse(text);
      if (except.isEmpty()) {
        return false;
      }
      boolean stillExcluded = !except.get().overlaps(theirCidr.get())
          || theirExcept.stream().anyMatch(e -> e.contains(except.get()));
      if (!stillExcluded) {
        return false;
      }
    }
    return true;
  }

  private static String protocol(NetworkPolicyPort port) {
    return port.getProtocol() == null ? DEFAULT_PROTOCOL : port.getProtocol();
  }

  private static int end(NetworkPolicyPort port, int start) {
    return port.getEndPort() == null ? start : port.getEndPort();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
