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
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.PortRule;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Istio with sidecars, no egress gateway: a {@code Sidecar} for the sandbox pods that imports only
 * the allowed hosts ({@code REGISTRY_ONLY}, or {@code ALLOW_ANY} for AllowInternet), and the
 * {@code ServiceEntry}s that declare those hosts, visible to this namespace only.
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
    List<ServiceEntryGroups.Entry> entries = ServiceEntryGroups.of(plan);
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(sidecar(plan, entries));
    entries.forEach(entry -> objects.add(serviceEntry(plan, entry)));
    return objects;
  }

  private static Sidecar sidecar(EgressPlan plan, List<ServiceEntryGroups.Entry> entries) {
    List<String> hosts = entries.stream().flatMap(entry -> entry.hosts().stream())
        .map(host -> THIS_NAMESPACE + host).distinct().sorted().toList();
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

  private static ServiceEntry serviceEntry(EgressPlan plan, ServiceEntryGroups.Entry entry) {
    return new ServiceEntryBuilder()
        .withMetadata(OwnedMetadata.of(plan, ObjectNames.forOwner(plan.name(), entry.suffix())))
        .withNewSpec()
        .withHosts(entry.hosts())
        .withAddresses(entry.addresses().isEmpty() ? null : entry.addresses())
        .withPorts(entry.ports().stream().map(IstioSidecarRenderer::port).toList())
        .withLocation(ServiceEntryLocation.MESH_EXTERNAL)
        .withResolution(entry.resolution())
        .withExportTo(EXPORT_TO_THIS_NAMESPACE)
        .endSpec()
        .build();
  }

  private static ServicePort port(PortRule port) {
    return new ServicePortBuilder()
        .withName(port.istioName())
        .withNumber((long) port.number())
        .withProtocol(port.protocol().name())
        .build();
  }
}
