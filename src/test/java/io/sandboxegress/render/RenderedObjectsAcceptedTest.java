package io.sandboxegress.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every object rendered for every example and every golden input, on every implemented data plane,
 * passes the real API server's validation: Kubernetes' own for NetworkPolicy, the schemas and CEL
 * rules of Istio's CRDs for the Istio kinds (server-side dry run, so nothing is stored).
 */
@WithApiServer
class RenderedObjectsAcceptedTest {

  @TestFactory
  Stream<DynamicTest> everyRenderedObjectIsAccepted(KubernetesClient client, TestNamespace ns) throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path input : inputs()) {
      for (DataPlane dataPlane : List.of(DataPlane.NONE, DataPlane.SIDECAR)) {
        SandboxEgress cr = Fixtures.read(input);
        cr.getMetadata().setNamespace(ns.name());
        Bundle bundle = new BundleRenderer().render(Fixtures.plan(cr), Fixtures.facts(dataPlane));
        assertThat(bundle.objects()).as(input + " renders something").isNotEmpty();
        for (HasMetadata object : bundle.objects()) {
          tests.add(DynamicTest.dynamicTest(input.getFileName() + " " + dataPlane + " " + object.getKind()
              + "/" + object.getMetadata().getName(), () -> assertThatCode(
                  () -> client.resource(object).dryRun().create()).doesNotThrowAnyException()));
        }
      }
    }
    return tests.stream();
  }

  private static List<Path> inputs() throws IOException {
    Path root = ApiServer.projectRoot();
    List<Path> inputs = new ArrayList<>();
    try (Stream<Path> examples = Files.list(root.resolve("examples"));
        Stream<Path> golden = Files.list(root.resolve("src/test/resources/golden/policies"))) {
      examples.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(inputs::add);
      golden.filter(p -> p.toString().endsWith(".cr.yaml")).sorted().forEach(inputs::add);
    }
    return inputs;
  }
}
