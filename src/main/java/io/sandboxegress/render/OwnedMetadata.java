package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sandboxegress.plan.EgressPlan;
import java.util.TreeMap;

/** The metadata of a rendered object: its name, its namespace, the owner labels. */
final class OwnedMetadata {

  private OwnedMetadata() {}

  static ObjectMeta of(EgressPlan plan, String name) {
    return in(plan, plan.namespace(), name);
  }

  /**
   * The metadata of an object that lives in {@code namespace}, which may be another namespace
   * than the CR's (a shared egress gateway's): the owner labels say whose it is.
   */
  static ObjectMeta in(EgressPlan plan, String namespace, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(new TreeMap<>(OwnedLabels.forOwner(plan.namespace(), plan.name())))
        .build();
  }
}
