package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.plan.EgressPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Renders a plan with every backend that applies to the cluster, in a stable order. Pure. */
public final class BundleRenderer {

  private static final List<String> KIND_ORDER = List.of("NetworkPolicy", "Sidecar",
      "ServiceEntry", "DestinationRule", "VirtualService", "Gateway", "AuthorizationPolicy");
  private static final Comparator<HasMetadata> ORDER = Comparator
      .comparingInt((HasMetadata o) -> kindRank(o.getKind()))
      .thenComparing(HasMetadata::getKind)
      .thenComparing(o -> o.getMetadata().getNamespace())
      .thenComparing(o -> o.getMetadata().getName());

  private final List<EgressRenderer> renderers;

  public BundleRenderer() {
    this(List.of(new NetworkPolicyRenderer(), new IstioSidecarRenderer(),
        new IstioEgressGatewayRenderer(), new IstioAmbientRenderer()));
  }

  public BundleRenderer(List<EgressRenderer> renderers) {
    this.renderers = List.copyOf(renderers);
  }

  /**
   * The objects that enforce {@code plan} on the data plane of {@code facts}.
   *
   * @throws UnsupportedDataPlaneException when the plan cannot be carried out on this data plane
   *     (an egress gateway without sidecars, a wildcard host in ambient mode)
   */
  public Bundle render(EgressPlan plan, ClusterFacts facts) {
    DataPlaneFit.check(plan, facts);
    List<HasMetadata> objects = new ArrayList<>();
    for (EgressRenderer renderer : renderers) {
      if (renderer.appliesTo(plan, facts)) {
        objects.addAll(renderer.render(plan, facts));
      }
    }
    objects.sort(ORDER);
    return new Bundle(objects, HostEnforcement.describe(plan, facts));
  }

  private static int kindRank(String kind) {
    int rank = KIND_ORDER.indexOf(kind);
    return rank < 0 ? KIND_ORDER.size() : rank;
  }
}
