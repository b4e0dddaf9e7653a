package io.sandboxegress.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Whether the API server answers at all, asked once before the operator starts: the operator's
 * own client retries with back-off for well over a minute before it gives up, which is right for
 * a running operator and wrong for a person who mistyped a kubeconfig.
 */
final class ClusterReachability {

  private ClusterReachability() {}

  /** Empty when the API server answered; else why not, in one line. */
  static Optional<String> check(Config config) {
    Config quick = new ConfigBuilder(config)
        .withRequestRetryBackoffLimit(2)
        .withConnectionTimeout(5_000)
        .withRequestTimeout(10_000)
        .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(quick).build()) {
      client.getKubernetesVersion();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.of(ErrorLine.of(e));
    }
  }
}
