package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressSpec;
import io.sandboxegress.api.SandboxEgressStatus;

/**
 * The cache of {@link GatewayCleanupReconciler}: of each SandboxEgress what the removal of its
 * objects in other namespaces reads (its identity, finalizers, deletion, egress gateway and the
 * objects its status lists), not the rest of its spec and status, which the main controller's
 * cache holds already.
 */
public final class SlimSandboxEgressStore extends BasicItemStore<SandboxEgress> {

  public SlimSandboxEgressStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public SandboxEgress put(String key, SandboxEgress cr) {
    return super.put(key, slim(cr));
  }

  static SandboxEgress slim(SandboxEgress cr) {
    var meta = cr.getMetadata();
    SandboxEgress slim = new SandboxEgress();
    slim.setMetadata(new ObjectMetaBuilder()
        .withName(meta.getName())
        .withNamespace(meta.getNamespace())
        .withUid(meta.getUid())
        .withResourceVersion(meta.getResourceVersion())
        .withGeneration(meta.getGeneration())
        .withDeletionTimestamp(meta.getDeletionTimestamp())
        .withFinalizers(meta.getFinalizers())
        .build());
    SandboxEgressSpec spec = new SandboxEgressSpec();
    if (cr.getSpec() != null) {
      spec.setIstio(cr.getSpec().getIstio());
    }
    slim.setSpec(spec);
    if (cr.getStatus() != null) {
      SandboxEgressStatus status = new SandboxEgressStatus();
      status.setResources(cr.getStatus().getResources());
      slim.setStatus(status);
    }
    return slim;
  }
}
