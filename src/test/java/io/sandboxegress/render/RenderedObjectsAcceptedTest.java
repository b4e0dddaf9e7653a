package io.sandboxegress.render;

import io.sandboxegress.backend.Backends;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every object rendered for every example and every golden input, on every data plane it can be
 * rendered for (none, sidecars, sidecars with an egress gateway, ambient), passes the real API
 * server's validation: Kubernetes' own for NetworkPolicy, the schemas and CEL rules of Istio's CRDs
 * for the Istio kinds (server-side dry run, so nothing is stored). An egress gateway's objects go
 * to a second namespace, as they would to the gateway's.
 */
@WithApiServer
class RenderedObjectsAcceptedTest {

  @TestFactory
  Stream<DynamicTest> everyRenderedObjectIsAccepted(KubernetesClient client, TestNamespace ns) {
    String gatewayNamespace = ns.name() + "-gw";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
        .withName(gatewayNamespace).endMetadata().build()).serverSideApply();
    List<DynamicTest> tests = new ArrayList<>();
    Set<String> kinds = new java.util.TreeSet<>();
    for (Path input : Fixtures.inputs()) {
      for (DataPlane dataPlane : DataPlane.values()) {
        SandboxEgress cr = Fixtures.read(input);
        cr.getMetadata().setNamespace(ns.name());
        if (cr.getSpec().getIstio() != null && cr.getSpec().getIstio().getEgressGateway() != null) {
          cr.getSpec().getIstio().getEgressGateway().setNamespace(gatewayNamespace);
        }
        Bundle bundle;
        try {
          bundle = Backends.bundleRenderer().render(Fixtures.plan(cr), Fixtures.facts(dataPlane));
        } catch (UnsupportedDataPlaneException e) {
          continue;
        }
        assertThat(bundle.objects()).as(input + " renders something").isNotEmpty();
        for (HasMetadata object : bundle.objects()) {
          kinds.add(object.getKind() + (Bundle.isCrossNamespace(object) ? " (gateway)" : ""));
          tests.add(DynamicTest.dynamicTest(input.getParent().getFileName() + "/"
              + input.getFileName() + " " + dataPlane + " " + object.getKind() + " "
              + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(),
              () -> assertThatCode(() -> client.resource(object).dryRun().create())
                  .doesNotThrowAnyException()));
        }
      }
    }
    assertThat(kinds).as("every kind of every mode is checked").containsExactly(
        "AuthorizationPolicy", "AuthorizationPolicy (gateway)", "DestinationRule",
        "Gateway (gateway)", "NetworkPolicy", "NetworkPolicy (gateway)", "ServiceEntry", "Sidecar",
        "VirtualService");
    return tests.stream();
  }
}
