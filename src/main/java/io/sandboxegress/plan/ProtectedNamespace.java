package io.sandboxegress.plan;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A namespace where a SandboxEgress is refused: sandboxes never run there. */
public final class ProtectedNamespace {

  /** Protected in every cluster, whatever the operator is told. */
  public static final Set<String> ALWAYS = Set.of("kube-system", "istio-system");

  private ProtectedNamespace() {}

  /** The refusal of {@code namespace} when it is one of {@code protectedNamespaces}. */
  public static Optional<FieldError> check(String namespace, Set<String> protectedNamespaces) {
    if (namespace == null || !protectedNamespaces.contains(namespace)) {
      return Optional.empty();
    }
    return Optional.of(new FieldError("metadata.namespace", "namespace " + namespace
        + " is protected (" + String.join(", ", new TreeSet<>(protectedNamespaces))
        + "): sandboxes do not run there; create the SandboxEgress in the sandboxes' namespace"));
  }
}
