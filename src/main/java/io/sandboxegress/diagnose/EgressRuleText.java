package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;

/** A NetworkPolicy egress rule in words: "to 10.0.0.0/8 except 10.1.0.0/16, on 443/TCP". */
final class EgressRuleText {

  private EgressRuleText() {}

  static String describe(NetworkPolicyEgressRule rule) {
    List<NetworkPolicyPeer> to = rule.getTo() == null ? List.of() : rule.getTo();
    List<NetworkPolicyPort> ports = rule.getPorts() == null ? List.of() : rule.getPorts();
    String destinations = to.isEmpty() ? "every destination"
        : String.join("; ", to.stream().map(EgressRuleText::peer).toList());
    String on = ports.isEmpty() ? "every port"
        : String.join(", ", ports.stream().map(EgressRuleText::port).toList());
    return "to " + destinations + ", on " + on;
  }

  private static String peer(NetworkPolicyPeer peer) {
    if (peer.getIpBlock() != null) {
      List<String> except = peer.getIpBlock().getExcept();
      return peer.getIpBlock().getCidr()
          + (except == null || except.isEmpty() ? "" : " except " + String.join(", ", except));
    }
    String pods = isEmpty(peer.getPodSelector()) ? "every pod"
        : "pods " + SelectorText.describe(peer.getPodSelector());
    if (peer.getNamespaceSelector() == null) {
      return pods + " of this namespace";
    }
    return pods + (isEmpty(peer.getNamespaceSelector()) ? " of every namespace"
        : " of namespaces " + SelectorText.describe(peer.getNamespaceSelector()));
  }

  private static String port(NetworkPolicyPort port) {
    String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
    if (port.getPort() == null) {
      return "every " + protocol + " port";
    }
    String number = port.getPort().getIntVal() != null ? String.valueOf(port.getPort().getIntVal())
        : port.getPort().getStrVal();
    return number + (port.getEndPort() == null ? "" : "-" + port.getEndPort()) + "/" + protocol;
  }

  private static boolean isEmpty(LabelSelector selector) {
    return selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
  }
}
