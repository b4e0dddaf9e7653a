package io.sandboxegress.facts;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the API server serves every Istio kind the operator renders, asked through API discovery:
 * one request per API group, and no permission beyond what every authenticated client has (no
 * read access to CustomResourceDefinitions needed).
 */
public final class IstioApis {

  /** Every kind a renderer may emit, by group/version: all or nothing, so no bundle is half-applied. */
  public static final Map<String, Set<String>> RENDERED_KINDS = Map.of(
      "networking.istio.io/v1", Set.of("Sidecar", "ServiceEntry", "DestinationRule", "VirtualService", "Gateway"),
      "security.istio.io/v1", Set.of("AuthorizationPolicy"));

  private IstioApis() {}

  /**
   * Whether all of {@link #RENDERED_KINDS} are served. A group the server does not know is "not
   * served"; any other failure (the API server unreachable) is thrown, so the caller can keep
   * what it knew rather than conclude that Istio went away.
   */
  public static boolean served(KubernetesClient client) {
    for (Map.Entry<String, Set<String>> group : RENDERED_KINDS.entrySet()) {
      APIResourceList resources;
      try {
        resources = client.getApiResources(group.getKey());
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return false;
        }
        throw e;
      }
      if (resources == null || resources.getResources() == null) {
        return false;
      }
      Set<String> kinds = resources.getResources().stream().map(APIResource::getKind).collect(Collectors.toSet());
      if (!kinds.containsAll(group.getValue())) {
        return false;
      }
    }
    return true;
  }
}
