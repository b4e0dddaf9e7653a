package io.sandboxegress.render;

import io.sandboxegress.api.Protocol;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.plan.EgressGateway;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.HostRule;
import io.sandboxegress.plan.PortRule;
import java.util.List;
import java.util.Optional;

/**
 * What the egress gateway carries for one plan: for each host its TLS port and HTTP port (the
 * planner allows at most one of each), and the names the gateway objects share.
 *
 * @param gateway the gateway
 * @param gatewayName the Gateway's (and its AuthorizationPolicy's) name in the gateway namespace
 * @param gatewayRef the Gateway as a VirtualService names it: {@code namespace/name}
 * @param serviceHost the FQDN of the gateway's Service
 * @param routes one per host, sorted by host
 */
record GatewayRoutes(EgressGateway gateway, String gatewayName, String gatewayRef,
    String serviceHost, List<Route> routes) {

  /**
   * One host through the gateway.
   *
   * @param host the exact host
   * @param key a DNS label unique to the host: subset, port and object names
   * @param tls the host's TLS port, if any
   * @param http the host's HTTP port, if any
   */
  record Route(String host, String key, Optional<PortRule> tls, Optional<PortRule> http) {}

  static Optional<GatewayRoutes> of(EgressPlan plan, ClusterFacts facts) {
    List<HostRule> hosts = Mesh.gatewayHosts(plan, facts);
    if (hosts.isEmpty()) {
      return Optional.empty();
    }
    EgressGateway gateway = Mesh.gateway(plan, facts).orElseThrow();
    String name = ObjectNames.forOwnerIn(plan.namespace(), plan.name());
    List<Route> routes = hosts.stream().map(host -> new Route(host.host(),
        ObjectNames.hostKey(host.host()), port(host, Protocol.TLS), port(host, Protocol.HTTP)))
        .toList();
    return Optional.of(new GatewayRoutes(gateway, name, gateway.namespace() + "/" + name,
        facts.mesh().egressGatewayHost(gateway.namespace()), routes));
  }

  List<String> tlsHosts() {
    return routes.stream().filter(route -> route.tls().isPresent()).map(Route::host).toList();
  }

  List<Route> httpRoutes() {
    return routes.stream().filter(route -> route.http().isPresent()).toList();
  }

  private static Optional<PortRule> port(HostRule host, Protocol protocol) {
    return host.ports().stream().filter(port -> port.protocol() == protocol).findFirst();
  }
}
