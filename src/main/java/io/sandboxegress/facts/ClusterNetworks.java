package io.sandboxegress.facts;

import java.util.List;
import java.util.Map;

/**
 * Where the cluster's own services live, from the operator's configuration: the ranges that stay
 * blocked unless a rule says {@code private: true}, and the pods that sandboxes must still reach.
 *
 * @param podCidrs the cluster's pod ranges
 * @param serviceCidrs the cluster's service ranges
 * @param dnsNamespace the namespace of cluster DNS
 * @param dnsPodLabels labels of the cluster DNS pods
 * @param istiodNamespace the namespace of the Istio control plane
 * @param istiodPodLabels labels of the istiod pods
 */
public record ClusterNetworks(
    List<String> podCidrs,
    List<String> serviceCidrs,
    String dnsNamespace,
    Map<String, String> dnsPodLabels,
    String istiodNamespace,
    Map<String, String> istiodPodLabels) {

  public static final int DNS_PORT = 53;
  public static final int ISTIOD_XDS_PORT = 15012;

  /** Kubernetes' and Istio's usual layout; pod and service ranges must come from configuration. */
  public static ClusterNetworks defaults(List<String> podCidrs, List<String> serviceCidrs) {
    return new ClusterNetworks(List.copyOf(podCidrs), List.copyOf(serviceCidrs),
        "kube-system", Map.of("k8s-app", "kube-dns"),
        "istio-system", Map.of("app", "istiod"));
  }
}
