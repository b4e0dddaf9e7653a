package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.api.ResourceRef;
import java.util.List;

/**
 * Everything rendered for one SandboxEgress.
 *
 * @param objects the objects in a stable order: NetworkPolicy, Sidecar, ServiceEntry, then by name
 * @param hostEnforcement in words, where host names are enforced (for {@code status.dataPlane})
 */
public record Bundle(List<HasMetadata> objects, String hostEnforcement) {

  public Bundle {
    objects = List.copyOf(objects);
  }

  /** The objects as references, in the same order, for {@code status.resources}. */
  public List<ResourceRef> resourceRefs() {
    return objects.stream().map(o -> new ResourceRef(o.getApiVersion(), o.getKind(),
        o.getMetadata().getNamespace(), o.getMetadata().getName())).toList();
  }
}
