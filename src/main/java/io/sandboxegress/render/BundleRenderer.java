package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.plan.EgressPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Renders a plan with every backend that applies to the cluster, in a stable order. Pure. */
public final class BundleRenderer {

  private final List<EgressRenderer> renderers;
  private final List<String> kindOrder;
  private final Comparator<HasMetadata> order;

  /**
   * @param renderers every backend's renderer (see {@code Backends.bundleRenderer()})
   * @param kindOrder the order of kinds in a bundle, so that output is stable
   */
  public BundleRenderer(List<EgressRenderer> renderers, List<String> kindOrder) {
    this.renderers = List.copyOf(renderers);
    this.kindOrder = List.copyOf(kindOrder);
    this.order = Comparator.comparingInt((HasMetadata o) -> kindRank(o.getKind()))
        .thenComparing(HasMetadata::getKind)
        .thenComparing(o -> o.getMetadata().getNamespace())
        .thenComparing(o -> o.getMetadata().getName());
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
    objects.sort(order);
    return new Bundle(objects, HostEnforcement.describe(plan, facts));
  }

  private int kindRank(String kind) {
    int rank = kindOrder.indexOf(kind);
    return rank < 0 ? kindOrder.size() : rank;
  }
}
