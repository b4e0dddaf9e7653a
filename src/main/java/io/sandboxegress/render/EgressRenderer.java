package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.plan.EgressPlan;
import java.util.List;

/** One backend: the objects that enforce a plan on one data plane. Pure. */
public interface EgressRenderer {

  /** Whether this backend has anything to render for {@code plan} on this cluster. */
  boolean appliesTo(EgressPlan plan, ClusterFacts facts);

  /** The backend's objects, each named, namespaced and labelled for the owning SandboxEgress. */
  List<HasMetadata> render(EgressPlan plan, ClusterFacts facts);
}
