package io.sandboxegress.render;

import io.fabric8.istio.api.api.networking.v1alpha3.IstioEgressListenerBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.OutboundTrafficPolicyMode;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryLocation;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePort;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePortBuilder;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.ServiceEntryBuilder;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.networking.v1.SidecarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.api.Policy;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.plan.EgressGateway;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.PortRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Istio with sidecars: a {@code Sidecar} for the sandbox pods that imports only the allowed hosts
 * ({@code REGISTRY_ONLY}, or {@code ALLOW_ANY} for AllowInternet), and the {@code ServiceEntry}s
 * that declare those hosts, visible to this namespace only. With an egress gateway the Sidecar
 * also imports the gateway's Service, and the hosts' entries are visible to the gateway's
 * namespace too; the routing itself is {@link IstioEgressGatewayRenderer}'s.
 */
public final class IstioSidecarRenderer implements EgressRenderer {

  /** Istio's egress host meaning "no namespace": the sidecar imports no service at all. */
  static final String IMPORT_NOTHING = "~/*";
  /** Istio's egress host prefix meaning "the Sidecar's own namespace". */
  static final String THIS_NAMESPACE = "./";
  static final List<String> EXPORT_TO_THIS_NAMESPACE = List.of(".");

  @Override
  public boolean appliesTo(EgressPlan plan, ClusterFacts facts) {
    return Mesh.sidecar(plan, facts);
  }

  @Override
  public List<HasMetadata> render(EgressPlan plan, ClusterFacts facts) {
    Optional<EgressGateway> gateway = Mesh.gatewayHosts(plan, facts).isEmpty()
        ? Optional.empty() : Mesh.gateway(plan, facts);
    // Through a gateway, wildcard hosts stay NONE: Istio adds the SNI dynamic forward proxy filter
    // only to a sidecar's own outbound listeners, and the lab has not run a gateway with it yet.
    List<ServiceEntryGroups.Entry> entries = ServiceEntryGroups.of(plan, gateway.isEmpty());
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(sidecar(plan, entries, gateway.map(g ->
        g.namespace() + "/" + facts.mesh().egressGatewayHost(g.namespace()))));
    entries.forEach(entry -> objects.add(serviceEntry(plan, entry,
        entry.addresses().isEmpty() ? exportTo(plan, gateway) : EXPORT_TO_THIS_NAMESPACE)));
    return objects;
  }

  /**
   * Where a host's ServiceEntry is visible: this namespace, and the egress gateway's namespace
   * when hosts go through it (the gateway resolves and routes to them). Istio takes "." for the
   * own namespace; naming it again would drop the others (istio/istio#48349).
   */
  static List<String> exportTo(EgressPlan plan, Optional<EgressGateway> gateway) {
    if (gateway.isEmpty() || gateway.get().namespace().equals(plan.namespace())) {
      return EXPORT_TO_THIS_NAMESPACE;
    }
    return List.of(".", gateway.get().namespace());
  }

  private static Sidecar sidecar(EgressPlan plan, List<ServiceEntryGroups.Entry> entries,
      Optional<String> gatewayService) {
    List<String> hosts = Stream.concat(
        entries.stream().flatMap(entry -> entry.hosts().stream()).map(host -> THIS_NAMESPACE + host),
        gatewayService.stream()).distinct().sorted().toList();
    return new SidecarBuilder()
        .withMetadata(OwnedMetadata.of(plan, ObjectNames.forOwner(plan.name())))
        .withNewSpec()
        .withNewWorkloadSelector()
        .withLabels(new TreeMap<>(plan.podLabels()))
        .endWorkloadSelector()
        .withNewOutboundTrafficPolicy()
        .withMode(plan.policy() == Policy.AllowInternet
            ? OutboundTrafficPolicyMode.ALLOW_ANY : OutboundTrafficPolicyMode.REGISTRY_ONLY)
        .endOutboundTrafficPolicy()
        .withEgress(new IstioEgressListenerBuilder()
            .withHosts(hosts.isEmpty() ? List.of(IMPORT_NOTHING) : hosts)
            .build())
        .endSpec()
        .build();
  }

  private static ServiceEntry serviceEntry(EgressPlan plan, ServiceEntryGroups.Entry entry,
      List<String> exportTo) {
    return new ServiceEntryBuilder()
        .withMetadata(OwnedMetadata.of(plan, ObjectNames.forOwner(plan.name(), entry.suffix())))
        .withNewSpec()
        .withHosts(entry.hosts())
        .withAddresses(entry.addresses().isEmpty() ? null : entry.addresses())
        .withPorts(entry.ports().stream().map(IstioSidecarRenderer::port).toList())
        .withLocation(ServiceEntryLocation.MESH_EXTERNAL)
        .withResolution(entry.resolution())
        .withExportTo(exportTo)
        .endSpec()
        .build();
  }

  static ServicePort port(PortRule port) {
    return new ServicePortBuilder()
        .withName(port.istioName())
        .withNumber((long) port.number())
        .withProtocol(port.protocol().name())
        .build();
  }
}
