package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.api.ResourceRef;
import java.util.List;
import java.util.Objects;

/**
 * Everything rendered for one SandboxEgress.
 *
 * <p>Most objects live in the SandboxEgress's namespace and can carry a controller owner
 * reference. An egress gateway's {@code Gateway}, {@code AuthorizationPolicy} and
 * {@code NetworkPolicy} live in the gateway's namespace, where an owner reference to a namespaced owner elsewhere is not allowed
 * (Kubernetes' garbage collector would delete them): they carry the owner labels
 * ({@link OwnedLabels#forOwner}) and must be cleaned up by the operator itself (a finalizer).
 *
 * @param objects the objects in a stable order: NetworkPolicy, Sidecar, ServiceEntry,
 *     DestinationRule, VirtualService, Gateway, AuthorizationPolicy, then by namespace and name
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

  /** The objects in the owner's namespace: these take a controller owner reference. */
  public List<HasMetadata> inOwnerNamespace() {
    return objects.stream().filter(o -> !isCrossNamespace(o)).toList();
  }

  /**
   * The objects in another namespace than the owner's (the egress gateway's): no owner
   * reference; found by their owner labels and deleted by the operator.
   */
  public List<HasMetadata> crossNamespace() {
    return objects.stream().filter(Bundle::isCrossNamespace).toList();
  }

  /** Whether {@code object} lives outside the namespace its owner labels name. */
  public static boolean isCrossNamespace(HasMetadata object) {
    String owner = object.getMetadata().getLabels() == null ? null
        : object.getMetadata().getLabels().get(OwnedLabels.OWNER_NAMESPACE);
    return owner != null && !Objects.equals(owner, object.getMetadata().getNamespace());
  }
}
