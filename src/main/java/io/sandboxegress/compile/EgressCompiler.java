package io.sandboxegress.compile;

import io.sandboxegress.api.IstioMode;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.backend.Backends;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.plan.EgressPlanner;
import io.sandboxegress.plan.FieldError;
import io.sandboxegress.plan.PlanResult;
import io.sandboxegress.plan.ProtectedNamespace;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.BundleRenderer;
import io.sandboxegress.render.UnsupportedDataPlaneException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one path from a SandboxEgress and the cluster's facts to the objects that carry it out:
 * where it may live, plan (validate and normalise), which data plane, render. The operator
 * ({@code run}, {@code demo}) and {@code render} both go through here, so what an offline review
 * prints is what the operator applies, and what one refuses the other refuses with the same words.
 * Pure: no cluster access, no clock.
 */
public final class EgressCompiler {

  private final EgressPlanner planner = new EgressPlanner();
  private final BundleRenderer renderer = Backends.bundleRenderer();

  /**
   * @param namespaceLabels the labels of the SandboxEgress's namespace (its Istio labels decide
   *     the data plane when {@code spec.istio.mode} is Auto)
   */
  public Compilation compile(SandboxEgress cr, Map<String, String> namespaceLabels, CompileFacts facts) {
    Optional<FieldError> protectedNamespace =
        ProtectedNamespace.check(cr.getMetadata().getNamespace(), facts.protectedNamespaces());
    if (protectedNamespace.isPresent()) {
      return Compilation.refused(RefusalReason.ProtectedNamespace, List.of(protectedNamespace.get()));
    }
    PlanResult planned = planner.plan(cr, facts.networks());
    if (!planned.isValid()) {
      return Compilation.refused(RefusalReason.InvalidSpec, planned.errors());
    }
    DataPlaneDecision dataPlane = DataPlaneResolver.resolve(istioMode(cr), facts.istioInstalled(), namespaceLabels);
    if (dataPlane.error().isPresent()) {
      return Compilation.refused(RefusalReason.UnsupportedDataPlane, List.of(dataPlane.error().get()));
    }
    try {
      Bundle bundle = renderer.render(planned.orElseThrow(),
          new ClusterFacts(facts.istioInstalled(), dataPlane.dataPlane(), facts.networks(), facts.mesh()));
      return Compilation.compiled(bundle, dataPlane);
    } catch (UnsupportedDataPlaneException e) {
      return Compilation.refused(RefusalReason.UnsupportedDataPlane, List.of(new FieldError(e.field(), e.getMessage())));
    }
  }

  private static IstioMode istioMode(SandboxEgress cr) {
    return cr.getSpec().getIstio() == null ? IstioMode.Auto : cr.getSpec().getIstio().getMode();
  }
}
