package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The pod cache keeps what the operator reads of a pod (name, labels, service account, runtime
 * class) and drops the rest, so memory grows with the number of pods only by a few hundred bytes
 * each.
 */
final class SlimPodStore extends BasicItemStore<Pod> {

  SlimPodStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public Pod put(String key, Pod pod) {
    return super.put(key, slim(pod));
  }

  static Pod slim(Pod pod) {
    var meta = pod.getMetadata();
    var spec = pod.getSpec();
    return new PodBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion())
            .withLabels(meta.getLabels())
            .build())
        .withSpec(spec == null ? null : new PodSpecBuilder()
            .withServiceAccountName(spec.getServiceAccountName())
            .withRuntimeClassName(spec.getRuntimeClassName())
            .build())
        .build();
  }
}
