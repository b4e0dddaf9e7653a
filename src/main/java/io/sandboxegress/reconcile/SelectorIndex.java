package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sandboxegress.api.SandboxEgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Pods and SandboxEgresses indexed by label, so that counting a SandboxEgress's pods reads only
 * the pods that carry one of its labels, and a pod event finds the SandboxEgresses that can select
 * it without testing every SandboxEgress of the namespace: neither grows with pods × SandboxEgresses.
 *
 * <p>A pod is indexed under each of its labels ({@code namespace/key=value}); a SandboxEgress under
 * one label of its {@code matchLabels} (the first by key), which every pod it selects must carry.
 * One that selects by {@code matchExpressions} alone is indexed under {@code namespace/*} and
 * considered for every pod of its namespace.
 */
final class SelectorIndex {

  static final String POD_LABELS = "pod-labels";
  static final String SELECTOR_LABEL = "selector-label";
  private static final String ANY = "*";

  private SelectorIndex() {}

  static List<String> podKeys(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels == null) {
      return List.of();
    }
    String namespace = pod.getMetadata().getNamespace();
    List<String> keys = new ArrayList<>(labels.size());
    labels.forEach((key, value) -> keys.add(key(namespace, key, value)));
    return keys;
  }

  static List<String> selectorKeys(SandboxEgress cr) {
    String namespace = cr.getMetadata().getNamespace();
    return List.of(indexedLabel(cr.getSpec().getPodSelector())
        .map(label -> key(namespace, label.getKey(), label.getValue()))
        .orElse(namespace + "/" + ANY));
  }

  /** The pods {@code cr} selects, read through the label index. */
  static Stream<Pod> selected(InformerEventSource<Pod, SandboxEgress> pods, SandboxEgress cr) {
    LabelSelector selector = cr.getSpec().getPodSelector();
    String namespace = cr.getMetadata().getNamespace();
    var label = indexedLabel(selector);
    if (label.isEmpty()) {
      return pods.list(namespace, pod -> LabelSelectors.matches(selector, pod.getMetadata().getLabels()));
    }
    return pods.byIndex(POD_LABELS, key(namespace, label.get().getKey(), label.get().getValue())).stream()
        .filter(pod -> LabelSelectors.matches(selector, pod.getMetadata().getLabels()));
  }

  /** The SandboxEgresses that select {@code pod}. */
  static Set<ResourceID> selecting(IndexedResourceCache<SandboxEgress> crs, Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    Stream<SandboxEgress> candidates = Stream.concat(
        crs.byIndex(SELECTOR_LABEL, namespace + "/" + ANY).stream(),
        labels.entrySet().stream()
            .flatMap(l -> crs.byIndex(SELECTOR_LABEL, key(namespace, l.getKey(), l.getValue())).stream()));
    return candidates.filter(cr -> LabelSelectors.matches(cr.getSpec().getPodSelector(), labels))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static Optional<Map.Entry<String, String>> indexedLabel(LabelSelector selector) {
    if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TreeMap<>(selector.getMatchLabels()).firstEntry());
  }

  private static String key(String namespace, String key, String value) {
    return namespace + "/" + key + "=" + value;
  }
}
