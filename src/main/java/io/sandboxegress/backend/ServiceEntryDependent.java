package io.sandboxegress.backend;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = BundleDependent.OWNED_SELECTOR))
public class ServiceEntryDependent extends BundleDependent<ServiceEntry> {
  public ServiceEntryDependent() {
    super(ServiceEntry.class);
  }
}
