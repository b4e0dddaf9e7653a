package io.sandboxegress.diagnose;

/**
 * Where Istio keeps mesh-wide settings.
 *
 * @param rootNamespace the mesh root namespace: an AuthorizationPolicy there applies mesh-wide
 * @param meshConfigNamespace the namespace of the {@code istio} ConfigMap ({@code data.mesh})
 */
public record IstioNamespaces(String rootNamespace, String meshConfigNamespace) {

  public static final String DEFAULT = "istio-system";
  public static final String MESH_CONFIG_MAP = "istio";

  public static IstioNamespaces defaults() {
    return new IstioNamespaces(DEFAULT, DEFAULT);
  }
}
