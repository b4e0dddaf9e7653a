package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sandboxegress.plan.EgressPlan;
import java.util.TreeMap;

/** The metadata of a rendered object: its name, the CR's namespace, the owner labels. */
final class OwnedMetadata {

  private OwnedMetadata() {}

  static ObjectMeta of(EgressPlan plan, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(plan.namespace())
        .withLabels(new TreeMap<>(OwnedLabels.forOwner(plan.namespace(), plan.name())))
        .build();
  }
}
