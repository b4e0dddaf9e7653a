package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.probepod.ProbePodLabels;
import io.sandboxegress.render.OwnedLabels;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cluster state the operator reads besides its own objects: pods (to count the sandboxes a
 * SandboxEgress selects) and namespaces (their Istio labels decide the data plane). Both come from
 * informer caches; a reconciliation reads them without calling the API server.
 */
final class ClusterWatches {

  static final String PODS = "pods";
  static final String NAMESPACES = "namespaces";
  static final String PROBE_PODS = "probe-pods";
  private static final long POD_LIST_PAGE = 500;

  private ClusterWatches() {}

  static InformerEventSource<Pod, SandboxEgress> pods(EventSourceContext<SandboxEgress> context) {
    var config = InformerEventSourceConfiguration.from(Pod.class, SandboxEgress.class)
        .withName(PODS)
        .withLabelSelector("!" + ProbePodLabels.PROBE)
        // slim pods only where one informer watches (all namespaces, or one): the informers of
        // several namespaces would share the store, and each one's list would drop the others' pods
        .withItemStore(context.getControllerConfiguration().getInformerConfig().getNamespaces().size() == 1
            ? new SlimPodStore() : null)
        // listed in pages: the whole list at once would be held in full before it is slimmed
        .withInformerListLimit(POD_LIST_PAGE)
        .withSecondaryToPrimaryMapper(pod -> SelectorIndex.selecting(context.getPrimaryCache(), pod))
        // no pod → SandboxEgress index: nothing reads it, and it would hold pods × SandboxEgresses
        .withPrimaryToSecondaryMapper(cr -> Set.of())
        .withOnUpdateFilter((newPod, oldPod) -> !Objects.equals(labels(newPod), labels(oldPod)))
        .build();
    var pods = new InformerEventSource<>(config, context);
    pods.addIndexer(SelectorIndex.POD_LABELS, SelectorIndex::podKeys);
    context.getPrimaryCache().addIndexer(SelectorIndex.SELECTOR_LABEL, SelectorIndex::selectorKeys);
    return pods;
  }

  /** Probe pods, whole (their status carries the results), each mapped to its owner. */
  static InformerEventSource<Pod, SandboxEgress> probePods(EventSourceContext<SandboxEgress> context) {
    var config = InformerEventSourceConfiguration.from(Pod.class, SandboxEgress.class)
        .withName(PROBE_PODS)
        .withLabelSelector(ProbePodLabels.PROBE + "=true," + OwnedLabels.MANAGED_BY + "=" + OwnedLabels.MANAGED_BY_VALUE)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(SandboxEgress.class))
        .build();
    return new InformerEventSource<>(config, context);
  }

  static InformerEventSource<Namespace, SandboxEgress> namespaces(EventSourceContext<SandboxEgress> context) {
    var config = InformerEventSourceConfiguration.from(Namespace.class, SandboxEgress.class)
        .withName(NAMESPACES)
        .withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper(ns -> context.getPrimaryCache()
            .list(ns.getMetadata().getName())
            .map(ResourceID::fromResource)
            .collect(Collectors.<ResourceID>toSet()))
        .withOnUpdateFilter((newNs, oldNs) -> !Objects.equals(labels(newNs), labels(oldNs)))
        .build();
    return new InformerEventSource<>(config, context);
  }

  static int matchedPods(Context<SandboxEgress> context, SandboxEgress cr) {
    return (int) sandboxes(context, cr).count();
  }

  /** A running sandbox to copy a probe pod's identity from: the first by name, so the choice is stable. */
  static Optional<Pod> aSandbox(Context<SandboxEgress> context, SandboxEgress cr) {
    return sandboxes(context, cr).min(Comparator.comparing(p -> p.getMetadata().getName()));
  }

  private static Stream<Pod> sandboxes(Context<SandboxEgress> context, SandboxEgress cr) {
    var pods = (InformerEventSource<Pod, SandboxEgress>) context.eventSourceRetriever()
        .getEventSourceFor(Pod.class, PODS);
    return SelectorIndex.selected(pods, cr);
  }

  static Map<String, String> namespaceLabels(Context<SandboxEgress> context, String namespace) {
    var namespaces = (InformerEventSource<Namespace, SandboxEgress>) context.eventSourceRetriever()
        .getEventSourceFor(Namespace.class, NAMESPACES);
    return namespaces.get(new ResourceID(namespace))
        .map(ns -> ns.getMetadata().getLabels())
        .orElse(Map.of());
  }

  private static Map<String, String> labels(HasMetadata object) {
    return object.getMetadata().getLabels();
  }

}
