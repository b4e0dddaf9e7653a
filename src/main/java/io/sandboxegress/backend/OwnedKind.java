package io.sandboxegress.backend;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A kind of object a backend renders and the operator owns: what RBAC must grant for it and where
 * it may live.
 *
 * @param type the fabric8 model class
 * @param plural the resource name RBAC and the API use ({@code networkpolicies})
 * @param placement whether it lives in the SandboxEgress's namespace, an egress gateway's, or both
 */
public record OwnedKind(Class<? extends HasMetadata> type, String plural, Placement placement) {

  /** Where objects of a kind live. */
  public enum Placement {
    /** In the SandboxEgress's namespace: applied by a dependent, removed with it by owner reference. */
    OWNER_NAMESPACE,
    /** In an egress gateway's namespace: applied and removed (finalizer) by the cross-namespace step. */
    GATEWAY_NAMESPACE,
    /** Either. */
    BOTH
  }

  public String kind() {
    return HasMetadata.getKind(type);
  }

  /** The API group ({@code ""} for core). */
  public String group() {
    return HasMetadata.getGroup(type);
  }

  public boolean inOwnerNamespace() {
    return placement != Placement.GATEWAY_NAMESPACE;
  }

  public boolean inGatewayNamespace() {
    return placement != Placement.OWNER_NAMESPACE;
  }
}
