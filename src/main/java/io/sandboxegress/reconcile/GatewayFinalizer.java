package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.sandboxegress.api.SandboxEgress;
import java.util.List;

/**
 * The finalizer, on a SandboxEgress only while it has (or may have) objects in another namespace:
 * those carry no owner reference, so only the operator can remove them when it goes. Every other
 * SandboxEgress is removed with its objects by Kubernetes' garbage collector, and a finalizer on it
 * would cost a write and a reconciliation for nothing. The name is the one the operator always used,
 * so a SandboxEgress that still carries it from an older version is cleaned up the same way.
 * {@link GatewayCleanupReconciler} removes it, after the objects, when the SandboxEgress is deleted.
 */
final class GatewayFinalizer {

  static final String NAME = ReconcilerUtils.getDefaultFinalizerName(SandboxEgress.class);

  private final CrossNamespaceObjects crossNamespace;

  GatewayFinalizer(CrossNamespaceObjects crossNamespace) {
    this.crossNamespace = crossNamespace;
  }

  /**
   * Adds the finalizer before objects in another namespace are applied, or removes it once none
   * can be left there. Returns the SandboxEgress as it now is.
   */
  SandboxEgress keep(SandboxEgress cr, List<HasMetadata> crossNamespaceObjects, Context<SandboxEgress> context) {
    boolean needed = !crossNamespaceObjects.isEmpty() || crossNamespace.mayOwnObjects(cr);
    if (needed && !cr.hasFinalizer(NAME)) {
      return PrimaryUpdateAndCacheUtils.addFinalizerWithSSA(context, cr, NAME);
    }
    if (!needed && cr.hasFinalizer(NAME)) {
      return PrimaryUpdateAndCacheUtils.removeFinalizer(context, NAME);
    }
    return cr;
  }
}
