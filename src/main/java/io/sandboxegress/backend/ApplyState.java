package io.sandboxegress.backend;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.Bundle;

/**
 * What the reconciler hands the backends' dependent resources for one reconciliation.
 *
 * @param bundle the objects to apply (those in the owner's namespace are the dependents')
 * @param changes where the dependents record what they changed
 * @param istioInstalled whether the bundle was rendered with Istio installed: the Istio
 *     dependents are active exactly then ({@link IstioServed})
 */
public record ApplyState(Bundle bundle, ObjectChanges changes, boolean istioInstalled) {

  private static final String KEY = ApplyState.class.getName();

  public static void put(Context<SandboxEgress> context, ApplyState state) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, state);
  }

  static ApplyState of(Context<SandboxEgress> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, ApplyState.class);
  }
}
