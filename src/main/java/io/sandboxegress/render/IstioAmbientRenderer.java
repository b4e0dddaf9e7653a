package io.sandboxegress.render;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryLocation;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.RuleBuilder;
import io.fabric8.istio.api.api.security.v1beta1.RuleFromBuilder;
import io.fabric8.istio.api.api.security.v1beta1.SourceBuilder;
import io.fabric8.istio.api.api.type.v1beta1.PolicyTargetReferenceBuilder;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.ServiceEntryBuilder;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.AuthorizationPolicyBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.EgressPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Istio ambient mode: the waypoint is the egress gateway. Each host's {@code ServiceEntry} is bound
 * to the waypoint ({@code istio.io/use-waypoint}), so ztunnel sends the sandbox's connections to it
 * over HBONE, and an ALLOW {@code AuthorizationPolicy} attached to the entry ({@code targetRefs})
 * lets only this namespace's identities through. No Sidecar: ambient pods have none. CIDR rules get
 * no entry: ztunnel passes traffic to unknown addresses through, and the NetworkPolicy allows it.
 */
public final class IstioAmbientRenderer implements EgressRenderer {

  public static final String USE_WAYPOINT = "istio.io/use-waypoint";
  public static final String USE_WAYPOINT_NAMESPACE = "istio.io/use-waypoint-namespace";
  static final String SERVICE_ENTRY_GROUP = "networking.istio.io";

  @Override
  public boolean appliesTo(EgressPlan plan, ClusterFacts facts) {
    return !Mesh.waypointHosts(plan, facts).isEmpty();
  }

  @Override
  public List<HasMetadata> render(EgressPlan plan, ClusterFacts facts) {
    List<HasMetadata> objects = new ArrayList<>();
    for (ServiceEntryGroups.Entry entry : ServiceEntryGroups.of(plan, false)) {
      if (entry.addresses().isEmpty()) {
        String name = ObjectNames.forOwner(plan.name(), entry.suffix());
        objects.add(serviceEntry(plan, entry, name, facts.mesh()));
        objects.add(authorizationPolicy(plan, name));
      }
    }
    return objects;
  }

  private static ServiceEntry serviceEntry(EgressPlan plan, ServiceEntryGroups.Entry entry,
      String name, IstioMesh mesh) {
    ObjectMeta metadata = OwnedMetadata.of(plan, name);
    metadata.getLabels().put(USE_WAYPOINT, mesh.waypointName());
    String waypointNamespace = mesh.waypointNamespaceFor(plan.namespace());
    if (!waypointNamespace.equals(plan.namespace())) {
      metadata.getLabels().put(USE_WAYPOINT_NAMESPACE, waypointNamespace);
    }
    return new ServiceEntryBuilder()
        .withMetadata(metadata)
        .withNewSpec()
        .withHosts(entry.hosts())
        .withPorts(entry.ports().stream().map(IstioSidecarRenderer::port).toList())
        .withLocation(ServiceEntryLocation.MESH_EXTERNAL)
        .withResolution(entry.resolution())
        .withExportTo(IstioSidecarRenderer.EXPORT_TO_THIS_NAMESPACE)
        .endSpec()
        .build();
  }

  /** ALLOW this namespace's identities to the entry's hosts, at the waypoint. */
  private static AuthorizationPolicy authorizationPolicy(EgressPlan plan, String serviceEntry) {
    return new AuthorizationPolicyBuilder()
        .withMetadata(OwnedMetadata.of(plan, serviceEntry))
        .withNewSpec()
        .withTargetRefs(new PolicyTargetReferenceBuilder().withGroup(SERVICE_ENTRY_GROUP)
            .withKind("ServiceEntry").withName(serviceEntry).build())
        .withAction(AuthorizationPolicyAction.ALLOW)
        .withRules(new RuleBuilder().withFrom(new RuleFromBuilder().withSource(
            new SourceBuilder().withNamespaces(plan.namespace()).build()).build()).build())
        .endSpec()
        .build();
  }
}
