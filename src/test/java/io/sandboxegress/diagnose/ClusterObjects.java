package io.sandboxegress.diagnose;

import io.sandboxegress.backend.Backends;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.EgressPlanner;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.BundleRenderer;
import java.util.List;
import java.util.Map;

/** Real objects on the suite's API server, written as the YAML a platform engineer would apply. */
public final class ClusterObjects {

  public static final ClusterNetworks NETWORKS =
      ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12"));

  private final KubernetesClient client;

  public ClusterObjects(KubernetesClient client) {
    this.client = client;
  }

  public String namespace(String name, Map<String, String> labels) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .withLabels(labels).endMetadata().build()).create();
    return name;
  }

  /** Creates the object of {@code yaml} (one document, typed by {@code type}) in {@code namespace}. */
  public <T extends HasMetadata> T create(String namespace, Class<T> type, String yaml) {
    T object = Serialization.unmarshal(yaml, type);
    object.getMetadata().setNamespace(namespace);
    return client.resource(object).create();
  }

  public void pod(String namespace, String name, Map<String, String> labels) {
    client.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
        .build()).create();
  }

  public static SandboxEgress sandboxEgress(String namespace, String name, String spec) {
    return SandboxEgresses.parse(namespace, name, spec);
  }

  /** What the operator would render for {@code cr} on {@code dataPlane}, applied as it would. */
  public Bundle renderAndApply(SandboxEgress cr, DataPlane dataPlane) {
    Bundle bundle = Backends.bundleRenderer().render(new EgressPlanner().plan(cr, NETWORKS).orElseThrow(),
        new ClusterFacts(true, dataPlane, NETWORKS));
    bundle.objects().forEach(object -> client.resource(object).create());
    return bundle;
  }
}
