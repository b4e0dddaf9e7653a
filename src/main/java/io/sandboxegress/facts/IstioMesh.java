package io.sandboxegress.facts;

import java.util.Optional;

/**
 * How this cluster's Istio is laid out, where the spec does not say: the egress gateway's Service
 * and the ports its pods listen on, and the waypoint that ambient namespaces use.
 *
 * @param clusterDomain the cluster's DNS domain, for the gateway Service's FQDN
 * @param egressGatewayService the name of the egress gateway's Service in its namespace
 * @param egressGatewayTls the gateway port that carries TLS from the sidecars
 * @param egressGatewayHttp the gateway port that carries HTTP from the sidecars
 * @param waypointName the waypoint (a Gateway of class {@code istio-waypoint}) ambient hosts use
 * @param waypointNamespace the waypoint's namespace; empty means the SandboxEgress's namespace
 */
public record IstioMesh(
    String clusterDomain,
    String egressGatewayService,
    GatewayPort egressGatewayTls,
    GatewayPort egressGatewayHttp,
    String waypointName,
    Optional<String> waypointNamespace) {

  /** Ztunnel's and the waypoint's HBONE port. */
  public static final int HBONE_PORT = 15008;
  /** The label waypoint pods carry, set by Istio's deployment controller, naming their Gateway. */
  public static final String WAYPOINT_POD_LABEL = "gateway.networking.k8s.io/gateway-name";

  /**
   * A port of the egress gateway.
   *
   * @param servicePort the Service port, which Istio's Gateway servers and routes name
   * @param targetPort the port the gateway pods listen on, which a NetworkPolicy must allow
   */
  public record GatewayPort(int servicePort, int targetPort) {}

  /** Istio's defaults: the {@code istio-egressgateway} chart and {@code istioctl waypoint apply}. */
  public static IstioMesh defaults() {
    return new IstioMesh("cluster.local", "istio-egressgateway", new GatewayPort(443, 8443),
        new GatewayPort(80, 8080), "waypoint", Optional.empty());
  }

  /** The same layout with another waypoint; a blank namespace means the SandboxEgress's own. */
  public IstioMesh withWaypoint(String name, String namespace) {
    return new IstioMesh(clusterDomain, egressGatewayService, egressGatewayTls, egressGatewayHttp,
        name, Optional.ofNullable(namespace).filter(ns -> !ns.isBlank()));
  }

  /** The same layout with another egress gateway Service. */
  public IstioMesh withEgressGatewayService(String service, GatewayPort tls, GatewayPort http) {
    return new IstioMesh(clusterDomain, service, tls, http, waypointName, waypointNamespace);
  }

  /** The FQDN of the egress gateway Service in {@code namespace}. */
  public String egressGatewayHost(String namespace) {
    return egressGatewayService + "." + namespace + ".svc." + clusterDomain;
  }

  /** The waypoint's namespace for a SandboxEgress in {@code namespace}. */
  public String waypointNamespaceFor(String namespace) {
    return waypointNamespace.orElse(namespace);
  }
}
