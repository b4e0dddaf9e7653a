package io.sandboxegress.backend;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.sandboxegress.api.SandboxEgress;

/**
 * Activates the Istio dependents (and their watches) exactly when this reconciliation rendered
 * with Istio installed: the same fact the renderer used, read from the reconciliation's state, so
 * status never lists an Istio object that no dependent applied. The fact itself comes from
 * {@link io.sandboxegress.facts.IstioPresence}, which keeps checking, unlike a CRD check that
 * gives up after a while.
 */
public final class IstioServed implements Condition<Object, SandboxEgress> {

  @Override
  public boolean isMet(DependentResource<Object, SandboxEgress> dependentResource, SandboxEgress primary,
      Context<SandboxEgress> context) {
    return ApplyState.of(context).istioInstalled();
  }
}
