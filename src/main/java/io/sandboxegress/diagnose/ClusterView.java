package io.sandboxegress.diagnose;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster objects conflicts are found in, read-only. Backed by a client now; an implementation
 * over informer caches can replace it without changing the finder.
 */
public interface ClusterView {

  /** Whether Istio's APIs are served; when not, the Istio lists are empty. */
  boolean istioInstalled();

  /** The labels of the namespace; empty when it does not exist. */
  Map<String, String> namespaceLabels(String namespace);

  List<NetworkPolicy> networkPolicies(String namespace);

  List<Sidecar> sidecars(String namespace);

  List<AuthorizationPolicy> authorizationPolicies(String namespace);

  List<ServiceEntry> serviceEntries(String namespace);

  Optional<ConfigMap> configMap(String namespace, String name);
}
