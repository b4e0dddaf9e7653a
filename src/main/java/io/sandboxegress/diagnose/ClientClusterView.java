package io.sandboxegress.diagnose;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sandboxegress.facts.IstioDiscovery;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** A {@link ClusterView} that asks the API server on every call. */
public final class ClientClusterView implements ClusterView {

  private final KubernetesClient client;
  private final BooleanSupplier istioInstalled;

  /** With the operator's own Istio discovery, so that a reconciliation does not ask again. */
  public ClientClusterView(KubernetesClient client, BooleanSupplier istioInstalled) {
    this.client = client;
    this.istioInstalled = istioInstalled;
  }

  public ClientClusterView(KubernetesClient client) {
    this(client, new IstioDiscovery(client, Clock.systemUTC())::istioInstalled);
  }

  @Override
  public boolean istioInstalled() {
    return istioInstalled.getAsBoolean();
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    Namespace found = client.namespaces().withName(namespace).get();
    return found == null || found.getMetadata().getLabels() == null ? Map.of()
        : found.getMetadata().getLabels();
  }

  @Override
  public List<NetworkPolicy> networkPolicies(String namespace) {
    return list(NetworkPolicy.class, namespace);
  }

  @Override
  public List<Sidecar> sidecars(String namespace) {
    return istioInstalled() ? list(Sidecar.class, namespace) : List.of();
  }

  @Override
  public List<AuthorizationPolicy> authorizationPolicies(String namespace) {
    return istioInstalled() ? list(AuthorizationPolicy.class, namespace) : List.of();
  }

  @Override
  public List<ServiceEntry> serviceEntries(String namespace) {
    return istioInstalled() ? list(ServiceEntry.class, namespace) : List.of();
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
  }

  private <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
    try {
      return client.resources(type).inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      // One of Istio's APIs can be missing while the others are served.
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }
}
