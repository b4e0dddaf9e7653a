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
import io.sandboxegress.api.Protocol;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.CidrRule;
import io.sandboxegress.plan.EgressGateway;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.IpBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The floor that the sandbox cannot bypass: a NetworkPolicy on the sandbox pods' egress (ingress is
 * left alone). It allows cluster DNS, istiod for sidecars, each CIDR rule, all ports of the public
 * internet (private and cluster ranges excepted) for AllowInternet, and for the hosts of an
 * AllowList: the egress gateway's pods when hosts go through one, the waypoint's pods on HBONE in
 * ambient mode, and otherwise the public internet on the hosts' ports.
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
    rules.add(clusterDns(networks));
    if (Mesh.sidecar(plan, facts)) {
      rules.add(istiod(networks));
    }
    if (plan.policy() == Policy.DenyAll) {
      return rules;
    }
    if (plan.policy() == Policy.AllowInternet) {
      rules.add(rule(publicInternet(plan), List.of()));
    } else if (!plan.hosts().isEmpty()) {
      rules.add(hostRule(plan, facts));
    }
    for (CidrRule cidr : plan.cidrRules()) {
      rules.add(rule(List.of(ipBlock(cidr.block(), cidr.except())),
          cidr.ports().stream().map(p -> port(p.number(), "TCP")).toList()));
    }
    return rules;
  }

  /** Cluster DNS, UDP and TCP. */
  static NetworkPolicyEgressRule clusterDns(ClusterNetworks networks) {
    return rule(List.of(pods(networks.dnsNamespace(), networks.dnsPodLabels())),
        List.of(port(ClusterNetworks.DNS_PORT, "UDP"), port(ClusterNetworks.DNS_PORT, "TCP")));
  }

  /** istiod's xDS port, for an Istio proxy. */
  static NetworkPolicyEgressRule istiod(ClusterNetworks networks) {
    return rule(List.of(pods(networks.istiodNamespace(), networks.istiodPodLabels())),
        List.of(port(ClusterNetworks.ISTIOD_XDS_PORT, "TCP")));
  }

  /**
   * Where the hosts' traffic may go: the egress gateway's pods on the ports they listen on, or
   * the waypoint's pods on HBONE (ambient: ztunnel tunnels the pod's connections to the waypoint
   * from the pod's own network namespace), or else the public internet on the hosts' ports.
   */
  private static NetworkPolicyEgressRule hostRule(EgressPlan plan, ClusterFacts facts) {
    IstioMesh mesh = facts.mesh();
    Optional<EgressGateway> gateway = Mesh.gateway(plan, facts);
    if (gateway.isPresent()) {
      List<NetworkPolicyPort> ports = new ArrayList<>();
      if (hasProtocol(plan, Protocol.HTTP)) {
        ports.add(port(mesh.egressGatewayHttp().targetPort(), "TCP"));
      }
      if (hasProtocol(plan, Protocol.TLS)) {
        ports.add(port(mesh.egressGatewayTls().targetPort(), "TCP"));
      }
      return rule(List.of(pods(gateway.get().namespace(), gateway.get().selector())), ports);
    }
    if (Mesh.ambient(plan, facts)) {
      return rule(List.of(pods(mesh.waypointNamespaceFor(plan.namespace()),
          Map.of(IstioMesh.WAYPOINT_POD_LABEL, mesh.waypointName()))),
          List.of(port(IstioMesh.HBONE_PORT, "TCP")));
    }
    return rule(publicInternet(plan),
        plan.hostPortNumbers().stream().map(number -> port(number, "TCP")).toList());
  }

  private static boolean hasProtocol(EgressPlan plan, Protocol protocol) {
    return plan.hosts().stream().flatMap(host -> host.ports().stream())
        .anyMatch(port -> port.protocol() == protocol);
  }

  static List<NetworkPolicyPeer> publicInternet(EgressPlan plan) {
    return List.of(ipBlock(IpBlock.IPV4_ALL, plan.blockedRanges(false)),
        ipBlock(IpBlock.IPV6_ALL, plan.blockedRanges(true)));
  }

  static NetworkPolicyPeer ipBlock(IpBlock block, List<IpBlock> except) {
    List<String> exceptText = except.stream().map(IpBlock::toString).toList();
    return new NetworkPolicyPeerBuilder()
        .withIpBlock(new IPBlock(block.toString(), exceptText.isEmpty() ? null : exceptText))
        .build();
  }

  static NetworkPolicyPeer pods(String namespace, Map<String, String> podLabels) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(new LabelSelectorBuilder()
            .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, namespace)).build())
        .withPodSelector(new LabelSelectorBuilder()
            .withMatchLabels(new TreeMap<>(podLabels)).build())
        .build();
  }

  static NetworkPolicyEgressRule rule(List<NetworkPolicyPeer> to,
      List<NetworkPolicyPort> ports) {
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(to)
        .withPorts(ports.isEmpty() ? null : ports)
        .build();
  }

  static NetworkPolicyPort port(int number, String protocol) {
    return new NetworkPolicyPortBuilder()
        .withPort(new IntOrString(number))
        .withProtocol(protocol)
        .build();
  }
}
