package io.sandboxegress.diagnose;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.compile.DataPlaneResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects that can bear on the sandboxes of one namespace, read once per diagnosis.
 *
 * @param authorizationPolicies those of the namespace, then those of the mesh root namespace
 * @param serviceEntries those of the namespace: the only ones the operator's Sidecar can import
 * @param mesh the mesh-wide settings, when the {@code istio} ConfigMap exists
 */
record NamespaceObjects(
    Sandboxes sandboxes,
    IstioNamespaces istio,
    boolean istioInstalled,
    Map<String, String> namespaceLabels,
    List<NetworkPolicy> networkPolicies,
    List<Sidecar> sidecars,
    List<AuthorizationPolicy> authorizationPolicies,
    List<ServiceEntry> serviceEntries,
    Optional<MeshSettings> mesh) {

  static NamespaceObjects read(ClusterView cluster, IstioNamespaces istio, Sandboxes sandboxes) {
    String namespace = sandboxes.namespace();
    boolean istioInstalled = cluster.istioInstalled();
    List<AuthorizationPolicy> authorizationPolicies = new ArrayList<>();
    Optional<MeshSettings> mesh = Optional.empty();
    if (istioInstalled) {
      authorizationPolicies.addAll(cluster.authorizationPolicies(namespace));
      if (!istio.rootNamespace().equals(namespace)) {
        authorizationPolicies.addAll(cluster.authorizationPolicies(istio.rootNamespace()));
      }
      mesh = cluster.configMap(istio.meshConfigNamespace(), IstioNamespaces.MESH_CONFIG_MAP)
          .map(MeshSettings::of);
    }
    return new NamespaceObjects(sandboxes, istio, istioInstalled, cluster.namespaceLabels(namespace),
        cluster.networkPolicies(namespace), istioInstalled ? cluster.sidecars(namespace) : List.of(),
        authorizationPolicies, istioInstalled ? cluster.serviceEntries(namespace) : List.of(), mesh);
  }

  /** The same objects, about other sandboxes of the namespace. */
  NamespaceObjects about(Sandboxes other) {
    return new NamespaceObjects(other, istio, istioInstalled, namespaceLabels, networkPolicies, sidecars,
        authorizationPolicies, serviceEntries, mesh);
  }

  /** Whether Istio injects sidecars into the namespace's pods (its labels say so). */
  boolean sidecarsInjected() {
    return DataPlaneResolver.resolve(IstioMode.Auto, istioInstalled, namespaceLabels).dataPlane()
        == DataPlane.SIDECAR;
  }
}
