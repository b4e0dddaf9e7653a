package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Whether the operator may list and watch a kind in a namespace, asked of the API server (a
 * SelfSubjectAccessReview each, which every authenticated user may make). A watch it may not hold
 * would stop its informer and, with it, the operator: the chart grants Istio's namespace only when
 * {@code istio.readMeshConfig} is set.
 */
final class WatchAccess {

  private WatchAccess() {}

  static boolean allowed(KubernetesClient client, String group, String resource, String namespace) {
    return List.of("list", "watch").stream().allMatch(verb -> {
      SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec()
          .withResourceAttributes(new ResourceAttributesBuilder().withGroup(group).withResource(resource)
              .withNamespace(namespace).withVerb(verb).build())
          .endSpec().build();
      SelfSubjectAccessReview answered = client.authorization().v1().selfSubjectAccessReview().create(review);
      return answered.getStatus() != null && Boolean.TRUE.equals(answered.getStatus().getAllowed());
    });
  }
}
