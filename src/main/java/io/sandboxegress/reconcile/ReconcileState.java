package io.sandboxegress.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.Bundle;

/**
 * What the reconciler hands its dependent resources for one reconciliation.
 *
 * @param istioInstalled whether the bundle was rendered with Istio installed: the Istio
 *     dependents are active exactly then ({@link IstioServed})
 */
record ReconcileState(Bundle bundle, AppliedChanges changes, boolean istioInstalled) {

  private static final String KEY = ReconcileState.class.getName();

  static void put(Context<SandboxEgress> context, ReconcileState state) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, state);
  }

  static ReconcileState of(Context<SandboxEgress> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, ReconcileState.class);
  }
}
