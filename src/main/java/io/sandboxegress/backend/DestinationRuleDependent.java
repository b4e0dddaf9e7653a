package io.sandboxegress.backend;

import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = BundleDependent.OWNED_SELECTOR))
public class DestinationRuleDependent extends BundleDependent<DestinationRule> {
  public DestinationRuleDependent() {
    super(DestinationRule.class);
  }
}
