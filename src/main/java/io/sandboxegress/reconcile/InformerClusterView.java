package io.sandboxegress.reconcile;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.diagnose.ClusterView;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ClusterView} over the operator's informer caches: every watch on a kind together (the
 * dependents' on the operator's own objects, {@link ForeignObjects}' on the others), so a
 * reconciliation finds conflicts without a request to the API server.
 */
final class InformerClusterView implements ClusterView {

  private final EventSourceRetriever<SandboxEgress> sources;
  private final boolean istioInstalled;

  InformerClusterView(EventSourceRetriever<SandboxEgress> sources, boolean istioInstalled) {
    this.sources = sources;
    this.istioInstalled = istioInstalled;
  }

  @Override
  public boolean istioInstalled() {
    return istioInstalled;
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    var namespaces = (InformerEventSource<Namespace, SandboxEgress>) sources
        .getEventSourceFor(Namespace.class, ClusterWatches.NAMESPACES);
    return namespaces.get(new ResourceID(namespace))
        .map(ns -> ns.getMetadata().getLabels())
        .orElse(Map.of());
  }

  @Override
  public List<NetworkPolicy> networkPolicies(String namespace) {
    return cached(NetworkPolicy.class, namespace);
  }

  @Override
  public List<Sidecar> sidecars(String namespace) {
    return istioInstalled ? cached(Sidecar.class, namespace) : List.of();
  }

  @Override
  public List<AuthorizationPolicy> authorizationPolicies(String namespace) {
    return istioInstalled ? cached(AuthorizationPolicy.class, namespace) : List.of();
  }

  @Override
  public List<ServiceEntry> serviceEntries(String namespace) {
    return istioInstalled ? cached(ServiceEntry.class, namespace) : List.of();
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return cached(ConfigMap.class, namespace).stream().filter(cm -> name.equals(cm.getMetadata().getName()))
        .findFirst();
  }

  /**
   * The objects of {@code type} in {@code namespace} from every cache that holds that kind, each once
   * (a mesh-wide watch and a namespace's can both hold one), in a stable order by name.
   */
  private <R extends HasMetadata> List<R> cached(Class<R> type, String namespace) {
    Map<String, R> byName = new LinkedHashMap<>();
    for (EventSource<R, SandboxEgress> source : sources.getEventSourcesFor(type)) {
      if (source instanceof InformerEventSource<R, SandboxEgress> informer) {
        informer.list(namespace, o -> true).forEach(o -> byName.putIfAbsent(o.getMetadata().getName(), o));
      }
    }
    return byName.values().stream().sorted(Comparator.comparing(o -> o.getMetadata().getName())).toList();
  }
}
