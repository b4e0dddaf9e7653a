package io.sandboxegress.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API server's own count of the requests it served ({@code apiserver_request_total}), by verb
 * and resource: a snapshot, and what happened between two.
 */
record ApiRequests(Map<String, Double> byVerbAndResource) {

  /**
   * What the API server asks of itself (its Lease heartbeat, the kubernetes Service and its endpoints):
   * resources neither the operator (run without leader election) nor the benchmark touches, so they
   * are left out of the counts.
   */
  private static final Set<String> API_SERVER_OWN = Set.of("leases", "endpoints", "endpointslices", "services");

  static ApiRequests read(KubernetesClient client) {
    PrometheusText metrics = new PrometheusText(client.raw("/metrics"));
    Map<String, Double> counts = new TreeMap<>();
    metrics.samples("apiserver_request_total").forEach((labels, value) -> {
      String resource = PrometheusText.label(labels, "resource");
      String subresource = PrometheusText.label(labels, "subresource");
      if (API_SERVER_OWN.contains(resource)) {
        return;
      }
      String key = PrometheusText.label(labels, "verb") + " "
          + (resource.isEmpty() ? "(discovery)" : resource) + (subresource.isEmpty() ? "" : "/" + subresource);
      counts.merge(key, value, Double::sum);
    });
    return new ApiRequests(counts);
  }

  ApiRequests since(ApiRequests earlier) {
    Map<String, Double> delta = new TreeMap<>();
    byVerbAndResource.forEach((key, value) -> {
      double d = value - earlier.byVerbAndResource.getOrDefault(key, 0.0);
      if (d > 0) {
        delta.put(key, d);
      }
    });
    return new ApiRequests(delta);
  }

  double total() {
    return byVerbAndResource.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * The requests but the watches: a watch is counted when it ends, and informers (the API server's
   * own and the operator's) renew theirs every few minutes whatever the reconciliations do.
   */
  double withoutWatches() {
    return byVerbAndResource.entrySet().stream().filter(e -> !e.getKey().startsWith("WATCH "))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  /** One line per verb and resource, per {@code crs}. */
  String perCr(int crs, String indent) {
    StringBuilder out = new StringBuilder();
    byVerbAndResource.forEach((key, value) -> out.append(String.format("%s%-40s %8.0f  %6.2f per CR%n", indent, key,
        value, value / crs)));
    return out.toString();
  }
}
