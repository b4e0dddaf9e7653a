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

  private GatewayFinalizer() {}

  /**
   * Adds the finalizer before objects in another namespace are applied: from then on it is the
   * record that some may exist there, whatever the status says (a process killed between applying
   * them and writing status leaves no other). Returns the SandboxEgress as it now is.
   */
  static SandboxEgress addBeforeApplying(SandboxEgress cr, List<HasMetadata> crossNamespaceObjects,
      Context<SandboxEgress> context) {
    if (!crossNamespaceObjects.isEmpty() && !cr.hasFinalizer(NAME)) {
      return PrimaryUpdateAndCacheUtils.addFinalizerWithSSA(context, cr, NAME);
    }
    return cr;
  }

  /**
   * Removes the finalizer once nothing is rendered in another namespace, called after the objects
   * there were brought to that (deleted). Returns the SandboxEgress as it now is.
   */
  static SandboxEgress removeWhenNoneLeft(SandboxEgress cr, List<HasMetadata> crossNamespaceObjects,
      Context<SandboxEgress> context) {
    if (crossNamespaceObjects.isEmpty() && cr.hasFinalizer(NAME)) {
      return PrimaryUpdateAndCacheUtils.removeFinalizer(context, NAME);
    }
    return cr;
  }
}
