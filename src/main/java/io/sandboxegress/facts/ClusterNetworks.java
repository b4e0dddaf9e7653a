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
 * @param clusterDomain the cluster's DNS domain ({@code cluster.local} unless the cluster says
 *     otherwise): names under it are the cluster's own Services and Pods
 */
public record ClusterNetworks(
    List<String> podCidrs,
    List<String> serviceCidrs,
    String dnsNamespace,
    Map<String, String> dnsPodLabels,
    String istiodNamespace,
    Map<String, String> istiodPodLabels,
    String clusterDomain) {

  public static final int DNS_PORT = 53;
  public static final int ISTIOD_XDS_PORT = 15012;
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  /** Kubernetes' and Istio's usual layout; pod and service ranges must come from configuration. */
  public static ClusterNetworks defaults(List<String> podCidrs, List<String> serviceCidrs) {
    return new ClusterNetworks(List.copyOf(podCidrs), List.copyOf(serviceCidrs),
        "kube-system", Map.of("k8s-app", "kube-dns"),
        "istio-system", Map.of("app", "istiod"), DEFAULT_CLUSTER_DOMAIN);
  }

  /** The same networks in a cluster whose DNS domain is {@code domain}. */
  public ClusterNetworks withClusterDomain(String domain) {
    return new ClusterNetworks(podCidrs, serviceCidrs, dnsNamespace, dnsPodLabels,
        istiodNamespace, istiodPodLabels, domain);
  }
}
