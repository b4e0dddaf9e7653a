package io.sandboxegress.render;

import java.util.Map;

/** The labels on every object the operator renders, so it can find (and only touch) its own. */
public final class OwnedLabels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "sandbox-egress-operator";
  /** The name of the owning SandboxEgress. */
  public static final String OWNER = "sandboxegress.io/owner";
  /** The namespace of the owning SandboxEgress (for objects in another namespace). */
  public static final String OWNER_NAMESPACE = "sandboxegress.io/owner-namespace";

  private OwnedLabels() {}

  public static Map<String, String> forOwner(String namespace, String name) {
    return Map.of(MANAGED_BY, MANAGED_BY_VALUE, OWNER, ObjectNames.fit(name),
        OWNER_NAMESPACE, namespace);
  }
}
