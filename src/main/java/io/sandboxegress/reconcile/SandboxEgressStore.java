package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.sandboxegress.api.SandboxEgress;

/**
 * The controller's cache of SandboxEgresses, without their managedFields: the operator writes its
 * status by server-side apply and never reads who owns which field, and that record (held as a tree
 * of maps, one entry per writer) outweighs the rest of a SandboxEgress in memory.
 */
public final class SandboxEgressStore extends BasicItemStore<SandboxEgress> {

  public SandboxEgressStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public SandboxEgress put(String key, SandboxEgress cr) {
    cr.getMetadata().setManagedFields(null);
    return super.put(key, cr);
  }
}
