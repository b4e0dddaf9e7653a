package io.sandboxegress.reconcile;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.diagnose.IstioNamespaces;
import io.sandboxegress.render.OwnedLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches on the objects that are not the operator's but can conflict with its own: NetworkPolicies,
 * Sidecars, AuthorizationPolicies and ServiceEntries of the watched namespaces, the
 * AuthorizationPolicies of the mesh root namespace and the mesh ConfigMap. The operator's own
 * objects are in its dependents' caches already; together they are all that conflict detection
 * reads, so a reconciliation asks the API server nothing, and a new conflicting object reaches the
 * SandboxEgresses it bears on by its watch event, not at the next resync.
 *
 * <p>Istio's kinds are watched from the first reconciliation that finds Istio installed: an informer
 * on an API that is not served would fail the operator's start.
 */
final class ForeignObjects {

  private static final Logger LOG = LoggerFactory.getLogger(ForeignObjects.class);

  /** Objects without the operator's label (or with another value), which a selector "!=" matches. */
  static final String NOT_OWNED = OwnedLabels.MANAGED_BY + "!=" + OwnedLabels.MANAGED_BY_VALUE;
  static final String NETWORK_POLICIES = "foreign-network-policies";
  private static final String ISTIO_SOURCE_PREFIX = "foreign-istio-";

  private final IstioNamespaces istio;
  private volatile boolean istioWatched;
  private final List<String> istioSources = new ArrayList<>();

  ForeignObjects(IstioNamespaces istio) {
    this.istio = istio;
  }

  IstioNamespaces istioNamespaces() {
    return istio;
  }

  static InformerEventSource<NetworkPolicy, SandboxEgress> networkPolicies(EventSourceContext<SandboxEgress> context) {
    return inWatchedNamespaces(NetworkPolicy.class, NETWORK_POLICIES, context);
  }

  /** Starts the watches on Istio's kinds, once; later calls return at once. */
  void watchIstio(Context<SandboxEgress> context) {
    if (istioWatched) {
      return;
    }
    synchronized (this) {
      if (istioWatched) {
        return;
      }
      var retriever = context.eventSourceRetriever();
      EventSourceContext<SandboxEgress> sources = retriever.eventSourceContextForDynamicRegistration();
      List<InformerEventSource<? extends HasMetadata, SandboxEgress>> watches = new ArrayList<>(List.of(
          inWatchedNamespaces(Sidecar.class, ISTIO_SOURCE_PREFIX + "sidecars", sources),
          inWatchedNamespaces(AuthorizationPolicy.class, ISTIO_SOURCE_PREFIX + "authorization-policies", sources),
          inWatchedNamespaces(ServiceEntry.class, ISTIO_SOURCE_PREFIX + "service-entries", sources)));
      // mesh-wide: every object there, the operator's too, as it bears on every SandboxEgress; only
      // where the operator may read (without, conflict detection goes on without them, as before)
      if (WatchAccess.allowed(context.getClient(), "security.istio.io", "authorizationpolicies",
          istio.rootNamespace())) {
        watches.add(meshWide(AuthorizationPolicy.class, ISTIO_SOURCE_PREFIX + "root-authorization-policies",
            istio.rootNamespace(), null, sources));
      } else {
        LOG.warn("no access to AuthorizationPolicies in {}: mesh-wide ones are not checked for conflicts",
            istio.rootNamespace());
      }
      if (WatchAccess.allowed(context.getClient(), "", "configmaps", istio.meshConfigNamespace())) {
        watches.add(meshWide(ConfigMap.class, ISTIO_SOURCE_PREFIX + "mesh-config", istio.meshConfigNamespace(),
            new FieldSelector(new FieldSelector.Field("metadata.name", IstioNamespaces.MESH_CONFIG_MAP)),
            sources));
      } else {
        LOG.warn("no access to ConfigMaps in {}: the mesh-wide outboundTrafficPolicy is not checked",
            istio.meshConfigNamespace());
      }
      for (InformerEventSource<? extends HasMetadata, SandboxEgress> watch : watches) {
        // recorded one by one, so that a failure half-way leaves nothing unwatchIstio cannot stop
        retriever.dynamicallyRegisterEventSource(watch);
        istioSources.add(watch.name());
      }
      istioWatched = true;
    }
  }

  /**
   * Stops the watches on Istio's kinds once Istio's APIs are gone: their informers would fail on
   * every retry and leave the operator unready. {@link #watchIstio} starts them again when Istio returns.
   */
  void unwatchIstio(Context<SandboxEgress> context) {
    if (!istioWatched) {
      return;
    }
    synchronized (this) {
      if (!istioWatched) {
        return;
      }
      istioSources.forEach(name -> context.eventSourceRetriever().dynamicallyDeRegisterEventSource(name));
      istioSources.clear();
      istioWatched = false;
    }
  }

  private static <R extends HasMetadata> InformerEventSource<R, SandboxEgress> inWatchedNamespaces(Class<R> type,
      String name, EventSourceContext<SandboxEgress> context) {
    var config = InformerEventSourceConfiguration.from(type, SandboxEgress.class)
        .withName(name)
        .withLabelSelector(NOT_OWNED)
        .withSecondaryToPrimaryMapper(object -> context.getPrimaryCache()
            .list(object.getMetadata().getNamespace())
            .map(ResourceID::fromResource)
            .collect(Collectors.<ResourceID>toSet()))
        // no object → SandboxEgress index: the finder reads by namespace, and the index would hold
        // foreign objects × SandboxEgresses of their namespace
        .withPrimaryToSecondaryMapper(cr -> Set.of())
        .build();
    return new InformerEventSource<>(config, context);
  }

  private static <R extends HasMetadata> InformerEventSource<R, SandboxEgress> meshWide(Class<R> type, String name,
      String namespace, FieldSelector fields, EventSourceContext<SandboxEgress> context) {
    var builder = InformerEventSourceConfiguration.from(type, SandboxEgress.class)
        .withName(name)
        .withNamespaces(Set.of(namespace))
        .withFollowControllerNamespacesChanges(false)
        .withSecondaryToPrimaryMapper(object -> context.getPrimaryCache().list()
            .map(ResourceID::fromResource)
            .collect(Collectors.<ResourceID>toSet()))
        .withPrimaryToSecondaryMapper(cr -> Set.of());
    if (fields != null) {
      builder.withFieldSelector(fields);
    }
    return new InformerEventSource<>(builder.build(), context);
  }
}
