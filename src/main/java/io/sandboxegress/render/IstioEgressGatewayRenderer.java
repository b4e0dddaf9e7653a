package io.sandboxegress.render;

import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequestBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.L4MatchAttributesBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.PortBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelectorBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.Server;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.SubsetBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TCPRouteBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributesBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRouteBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyPortTrafficPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyPortTrafficPolicyBuilder;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.ConditionBuilder;
import io.fabric8.istio.api.api.security.v1beta1.OperationBuilder;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.security.v1beta1.RuleBuilder;
import io.fabric8.istio.api.api.security.v1beta1.RuleFromBuilder;
import io.fabric8.istio.api.api.security.v1beta1.RuleToBuilder;
import io.fabric8.istio.api.api.security.v1beta1.SourceBuilder;
import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelectorBuilder;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.DestinationRuleBuilder;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.GatewayBuilder;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.AuthorizationPolicyBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.PortRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Istio sidecars with an egress gateway: the allowed hosts leave the mesh only through the gateway,
 * and the gateway lets each SandboxEgress's namespace reach exactly its own hosts.
 *
 * <p>The sidecar wraps the sandbox's connection in Istio mutual TLS to the gateway, presenting the
 * host as SNI ({@code DestinationRule} subset per host, {@code ISTIO_MUTUAL}). The gateway
 * terminates only that mutual TLS ({@code Gateway} servers in {@code ISTIO_MUTUAL} mode, one per
 * host), so it knows the sandbox's identity and the host; a TLS connection of the sandbox travels
 * inside untouched and is forwarded as TCP to the host (end-to-end TLS, the gateway never decrypts
 * it), an HTTP request is routed by its Host. Istio evaluates {@code source.namespaces} and
 * {@code connection.sni} only on mutual TLS it terminates, which a {@code PASSTHROUGH} server does
 * not: with one, an identity-based policy could not match at all.
 *
 * <p>Objects: in the SandboxEgress's namespace a {@code DestinationRule} for the gateway Service
 * and a {@code VirtualService} per host (both directions, exported to the gateway's namespace);
 * in the gateway's namespace a {@code Gateway}, an ALLOW {@code AuthorizationPolicy} selecting
 * the gateway pods and a {@code NetworkPolicy} that keeps the gateway itself off every address
 * that is not the public internet.
 */
public final class IstioEgressGatewayRenderer implements EgressRenderer {

  static final String MESH = "mesh";
  static final String SNI = "connection.sni";

  @Override
  public boolean appliesTo(EgressPlan plan, ClusterFacts facts) {
    return !Mesh.gatewayHosts(plan, facts).isEmpty();
  }

  @Override
  public List<HasMetadata> render(EgressPlan plan, ClusterFacts facts) {
    GatewayRoutes routes = GatewayRoutes.of(plan, facts).orElseThrow();
    IstioMesh mesh = facts.mesh();
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(gateway(plan, routes, mesh));
    objects.add(authorizationPolicy(plan, routes));
    objects.add(gatewayFloor(plan, routes, facts));
    objects.add(destinationRule(plan, routes, mesh));
    routes.routes().forEach(route -> objects.add(virtualService(plan, routes, route, mesh)));
    return objects;
  }

  private static Gateway gateway(EgressPlan plan, GatewayRoutes routes, IstioMesh mesh) {
    List<Server> servers = new ArrayList<>();
    for (GatewayRoutes.Route route : routes.routes()) {
      String host = plan.namespace() + "/" + route.host();
      route.http().ifPresent(port -> servers.add(server(ObjectNames.fit("https-" + route.key()),
          mesh.egressGatewayHttp().servicePort(), "HTTPS", host)));
      route.tls().ifPresent(port -> servers.add(server(ObjectNames.fit("tls-" + route.key()),
          mesh.egressGatewayTls().servicePort(), "TLS", host)));
    }
    return new GatewayBuilder()
        .withMetadata(OwnedMetadata.in(plan, routes.gateway().namespace(), routes.gatewayName()))
        .withNewSpec()
        .withSelector(new TreeMap<>(routes.gateway().selector()))
        .withServers(servers)
        .endSpec()
        .build();
  }

  /** A server that terminates the sidecars' Istio mutual TLS for one host (by SNI). */
  private static Server server(String name, int port, String protocol, String host) {
    return new ServerBuilder()
        .withPort(new PortBuilder().withName(name).withNumber((long) port)
            .withProtocol(protocol).build())
        .withHosts(host)
        .withTls(new ServerTLSSettingsBuilder().withMode(ServerTLSSettingsTLSmode.ISTIO_MUTUAL)
            .build())
        .build();
  }

  /**
   * ALLOW this namespace's identities to this plan's hosts, and nothing else: each rule pairs
   * the source namespace with the hosts in the same rule, so the union of the ALLOW policies of
   * several SandboxEgress objects on one gateway never lets one namespace reach another's hosts.
   */
  private static AuthorizationPolicy authorizationPolicy(EgressPlan plan, GatewayRoutes routes) {
    List<Rule> rules = new ArrayList<>();
    List<String> tlsHosts = routes.tlsHosts();
    if (!tlsHosts.isEmpty()) {
      rules.add(new RuleBuilder()
          .withFrom(fromNamespace(plan.namespace()))
          .withWhen(new ConditionBuilder().withKey(SNI).withValues(tlsHosts).build())
          .build());
    }
    List<String> httpHosts = routes.httpRoutes().stream().flatMap(route -> httpHosts(route).stream())
        .toList();
    if (!httpHosts.isEmpty()) {
      rules.add(new RuleBuilder()
          .withFrom(fromNamespace(plan.namespace()))
          .withTo(new RuleToBuilder().withOperation(new OperationBuilder().withHosts(httpHosts)
              .build()).build())
          .build());
    }
    return new AuthorizationPolicyBuilder()
        .withMetadata(OwnedMetadata.in(plan, routes.gateway().namespace(), routes.gatewayName()))
        .withNewSpec()
        .withSelector(new WorkloadSelectorBuilder()
            .withMatchLabels(new TreeMap<>(routes.gateway().selector())).build())
        .withAction(AuthorizationPolicyAction.ALLOW)
        .withRules(rules)
        .endSpec()
        .build();
  }

  private static io.fabric8.istio.api.api.security.v1beta1.RuleFrom fromNamespace(String namespace) {
    return new RuleFromBuilder().withSource(new SourceBuilder().withNamespaces(namespace).build())
        .build();
  }

  /** The Host header: the name, and {@code name:port} when the port is not HTTP's default. */
  private static List<String> httpHosts(GatewayRoutes.Route route) {
    int port = route.http().orElseThrow().number();
    return port == PortRule.HTTP_80.number() ? List.of(route.host())
        : List.of(route.host(), route.host() + ":" + port);
  }

  /**
   * The gateway's own floor: it resolves the allowed names itself and is not bound by the
   * sandboxes' NetworkPolicy, so without this an allowed name whose DNS answer is a metadata,
   * private or cluster address would be reached through it. A NetworkPolicy on the gateway pods'
   * egress allows cluster DNS, istiod, and the public internet on the hosts' ports, with every
   * blocked range (private, link-local and metadata, CGNAT, loopback, the cluster's pod and
   * service ranges, their NAT64 forms) excepted.
   *
   * <p>A gateway may carry several SandboxEgress objects, and NetworkPolicies that select the same
   * pods add up. Every SandboxEgress renders this same shape (only the ports differ, and the
   * blocked ranges come from the operator's configuration, not the spec), so their union is still
   * the public internet on the union of their ports and never opens a blocked range; which hosts
   * each namespace reaches is the AuthorizationPolicy's to say. A private host cannot go through
   * a gateway (the planner refuses it): the floor is shared and stays closed.
   */
  private static NetworkPolicy gatewayFloor(EgressPlan plan, GatewayRoutes routes,
      ClusterFacts facts) {
    List<NetworkPolicyPort> ports = routes.routes().stream()
        .flatMap(route -> java.util.stream.Stream.concat(route.tls().stream(), route.http().stream()))
        .map(PortRule::number).distinct().sorted()
        .map(number -> NetworkPolicyRenderer.port(number, "TCP")).toList();
    return new NetworkPolicyBuilder()
        .withMetadata(OwnedMetadata.in(plan, routes.gateway().namespace(), routes.gatewayName()))
        .withNewSpec()
        .withPodSelector(new LabelSelectorBuilder()
            .withMatchLabels(new TreeMap<>(routes.gateway().selector())).build())
        .withPolicyTypes("Egress")
        .withEgress(NetworkPolicyRenderer.clusterDns(facts.networks()),
            NetworkPolicyRenderer.istiod(facts.networks()),
            NetworkPolicyRenderer.rule(NetworkPolicyRenderer.publicInternet(plan), ports))
        .endSpec()
        .build();
  }

  /** Istio mutual TLS from the sidecars to the gateway, with the host as SNI: a subset per host. */
  private static DestinationRule destinationRule(EgressPlan plan, GatewayRoutes routes,
      IstioMesh mesh) {
    List<Subset> subsets = new ArrayList<>();
    for (GatewayRoutes.Route route : routes.routes()) {
      List<TrafficPolicyPortTrafficPolicy> ports = new ArrayList<>();
      route.http().ifPresent(port -> ports.add(istioMutual(mesh.egressGatewayHttp().servicePort(),
          route.host())));
      route.tls().ifPresent(port -> ports.add(istioMutual(mesh.egressGatewayTls().servicePort(),
          route.host())));
      subsets.add(new SubsetBuilder().withName(route.key())
          .withTrafficPolicy(new TrafficPolicyBuilder().withPortLevelSettings(ports).build())
          .build());
    }
    return new DestinationRuleBuilder()
        .withMetadata(OwnedMetadata.of(plan, ObjectNames.forOwner(plan.name(), "egress-gateway")))
        .withNewSpec()
        .withHost(routes.serviceHost())
        .withExportTo(IstioSidecarRenderer.EXPORT_TO_THIS_NAMESPACE)
        .withSubsets(subsets)
        .endSpec()
        .build();
  }

  private static TrafficPolicyPortTrafficPolicy istioMutual(int port, String sni) {
    return new TrafficPolicyPortTrafficPolicyBuilder()
        .withPort(new PortSelectorBuilder().withNumber((long) port).build())
        .withTls(new ClientTLSSettingsBuilder().withMode(ClientTLSSettingsTLSmode.ISTIO_MUTUAL)
            .withSni(sni).build())
        .build();
  }

  /**
   * The routes of one host: from the sidecars ({@code mesh}) to the gateway's subset for the host,
   * and from the gateway to the host; exported to this namespace and the gateway's only.
   */
  private static VirtualService virtualService(EgressPlan plan, GatewayRoutes routes,
      GatewayRoutes.Route route, IstioMesh mesh) {
    String gatewayRef = routes.gatewayRef();
    int tlsPort = mesh.egressGatewayTls().servicePort();
    int httpPort = mesh.egressGatewayHttp().servicePort();
    VirtualServiceBuilder builder = new VirtualServiceBuilder()
        .withMetadata(OwnedMetadata.of(plan, ObjectNames.forOwner(plan.name(), "gw-" + route.key())));
    var spec = builder.withNewSpec()
        .withHosts(route.host())
        .withGateways(MESH, gatewayRef)
        .withExportTo(IstioSidecarRenderer.exportTo(plan, Optional.of(routes.gateway())));
    if (route.tls().isPresent()) {
      spec.withTls(new TLSRouteBuilder()
              .withMatch(new TLSMatchAttributesBuilder().withGateways(MESH)
                  .withPort((long) route.tls().get().number()).withSniHosts(route.host()).build())
              .withRoute(new RouteDestinationBuilder().withDestination(
                  destination(routes.serviceHost(), route.key(), tlsPort)).build())
              .build())
          .withTcp(new TCPRouteBuilder()
              .withMatch(new L4MatchAttributesBuilder().withGateways(gatewayRef)
                  .withPort((long) tlsPort).build())
              .withRoute(new RouteDestinationBuilder().withDestination(
                  destination(route.host(), null, route.tls().get().number())).build())
              .build());
    }
    if (route.http().isPresent()) {
      spec.withHttp(
          httpRoute(MESH, route.http().get().number(),
              destination(routes.serviceHost(), route.key(), httpPort)),
          httpRoute(gatewayRef, httpPort,
              destination(route.host(), null, route.http().get().number())));
    }
    return spec.endSpec().build();
  }

  private static HTTPRoute httpRoute(String gateway, int port, Destination destination) {
    return new HTTPRouteBuilder()
        .withMatch(new HTTPMatchRequestBuilder().withGateways(gateway).withPort((long) port)
            .build())
        .withRoute(new HTTPRouteDestinationBuilder().withDestination(destination).build())
        .build();
  }

  private static Destination destination(String host, String subset, int port) {
    return new DestinationBuilder().withHost(host).withSubset(subset)
        .withPort(new PortSelectorBuilder().withNumber((long) port).build())
        .build();
  }
}
