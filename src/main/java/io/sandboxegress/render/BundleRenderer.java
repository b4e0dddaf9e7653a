package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.EgressPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Renders a plan with every backend that applies to the cluster, in a stable order. Pure. */
public final class BundleRenderer {

  private static final List<String> KIND_ORDER = List.of("NetworkPolicy", "Sidecar", "ServiceEntry");
  private static final Comparator<HasMetadata> ORDER = Comparator
      .comparingInt((HasMetadata o) -> kindRank(o.getKind()))
      .thenComparing(HasMetadata::getKind)
      .thenComparing(o -> o.getMetadata().getName());

  private final List<EgressRenderer> renderers;

  public BundleRenderer() {
    this(List.of(new NetworkPolicyRenderer(), new IstioSidecarRenderer()));
  }

  public BundleRenderer(List<EgressRenderer> renderers) {
    this.renderers = List.copyOf(renderers);
  }

  /**
   * The objects that enforce {@code plan} on the data plane of {@code facts}.
   *
   * @throws UnsupportedDataPlaneException for the Istio ambient data plane (not implemented yet)
   */
  public Bundle render(EgressPlan plan, ClusterFacts facts) {
    if (facts.dataPlane() == DataPlane.AMBIENT && plan.istioMode() != IstioMode.Off) {
      throw new UnsupportedDataPlaneException(DataPlane.AMBIENT, "the namespace uses Istio ambient"
          + " mode, which is not supported yet: set spec.istio.mode: Off to enforce with the"
          + " NetworkPolicy only");
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (EgressRenderer renderer : renderers) {
      if (renderer.appliesTo(plan, facts)) {
        objects.addAll(renderer.render(plan, facts));
      }
    }
    objects.sort(ORDER);
    return new Bundle(objects, HostEnforcement.describe(plan, Mesh.sidecar(plan, facts)));
  }

  private static int kindRank(String kind) {
    int rank = KIND_ORDER.indexOf(kind);
    return rank < 0 ? KIND_ORDER.size() : rank;
  }
}
