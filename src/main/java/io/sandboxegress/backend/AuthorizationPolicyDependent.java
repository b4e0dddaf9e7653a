package io.sandboxegress.backend;

import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = BundleDependent.OWNED_SELECTOR))
public class AuthorizationPolicyDependent extends BundleDependent<AuthorizationPolicy> {
  public AuthorizationPolicyDependent() {
    super(AuthorizationPolicy.class);
  }
}
