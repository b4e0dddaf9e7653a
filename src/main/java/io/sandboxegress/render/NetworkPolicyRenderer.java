package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.sandboxegress.api.Policy;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.plan.CidrRule;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.IpBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The floor that the sandbox cannot bypass: a NetworkPolicy on the sandbox pods' egress (ingress is
 * left alone). It allows cluster DNS, istiod in the mesh, the public internet (private and cluster
 * ranges excepted) on the hosts' ports or on all ports for AllowInternet, and each CIDR rule.
 */
public final class NetworkPolicyRenderer implements EgressRenderer {

  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  @Override
  public boolean appliesTo(EgressPlan plan, ClusterFacts facts) {
    return true;
  }

  @Override
  public List<HasMetadata> render(EgressPlan plan, ClusterFacts facts) {
    return List.of(new NetworkPolicyBuilder()
        .withMetadata(OwnedMetadata.of(plan, ObjectNames.forOwner(plan.name())))
        .withNewSpec()
        .withPodSelector(plan.podSelector())
        .withPolicyTypes("Egress")
        .withEgress(egressRules(plan, facts))
        .endSpec()
        .build());
  }

  private static List<NetworkPolicyEgressRule> egressRules(EgressPlan plan, ClusterFacts facts) {
    ClusterNetworks networks = facts.networks();
    List<NetworkPolicyEgressRule> rules = new ArrayList<>();
    rules.add(rule(List.of(pods(networks.dnsNamespace(), networks.dnsPodLabels())),
        List.of(port(ClusterNetworks.DNS_PORT, "UDP"), port(ClusterNetworks.DNS_PORT, "TCP"))));
    if (Mesh.sidecar(plan, facts)) {
      rules.add(rule(List.of(pods(networks.istiodNamespace(), networks.istiodPodLabels())),
          List.of(port(ClusterNetworks.ISTIOD_XDS_PORT, "TCP"))));
    }
    if (plan.policy() == Policy.DenyAll) {
      return rules;
    }
    if (plan.policy() == Policy.AllowInternet) {
      rules.add(rule(publicInternet(plan), List.of()));
    } else if (!plan.hosts().isEmpty()) {
      rules.add(rule(publicInternet(plan),
          plan.hostPortNumbers().stream().map(number -> port(number, "TCP")).toList()));
    }
    for (CidrRule cidr : plan.cidrRules()) {
      rules.add(rule(List.of(ipBlock(cidr.block(), cidr.except())),
          cidr.ports().stream().map(p -> port(p.number(), "TCP")).toList()));
    }
    return rules;
  }

  private static List<NetworkPolicyPeer> publicInternet(EgressPlan plan) {
    return List.of(ipBlock(IpBlock.IPV4_ALL, plan.blockedRanges(false)),
        ipBlock(IpBlock.IPV6_ALL, plan.blockedRanges(true)));
  }

  private static NetworkPolicyPeer ipBlock(IpBlock block, List<IpBlock> except) {
    List<String> exceptText = except.stream().map(IpBlock::toString).toList();
    return new NetworkPolicyPeerBuilder()
        .withIpBlock(new IPBlock(block.toString(), exceptText.isEmpty() ? null : exceptText))
        .build();
  }

  private static NetworkPolicyPeer pods(String namespace, Map<String, String> podLabels) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(new LabelSelectorBuilder()
            .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, namespace)).build())
        .withPodSelector(new LabelSelectorBuilder()
            .withMatchLabels(new TreeMap<>(podLabels)).build())
        .build();
  }

  private static NetworkPolicyEgressRule rule(List<NetworkPolicyPeer> to,
      List<NetworkPolicyPort> ports) {
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(to)
        .withPorts(ports.isEmpty() ? null : ports)
        .build();
  }

  private static NetworkPolicyPort port(int number, String protocol) {
    return new NetworkPolicyPortBuilder()
        .withPort(new IntOrString(number))
        .withProtocol(protocol)
        .build();
  }
}
