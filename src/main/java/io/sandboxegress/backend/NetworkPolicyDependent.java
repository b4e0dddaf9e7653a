package io.sandboxegress.backend;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = BundleDependent.OWNED_SELECTOR))
public class NetworkPolicyDependent extends BundleDependent<NetworkPolicy> {
  public NetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }
}
