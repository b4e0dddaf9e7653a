package io.sandboxegress.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryLocation;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.ServiceEntryBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's API server is a real one: Istio's own CRD validation runs, and kubectl works. */
@WithApiServer
class ApiServerIsRealTest {

  @Test
  void acceptsAValidIstioServiceEntry(KubernetesClient client, TestNamespace ns) {
    client.resources(ServiceEntry.class).inNamespace(ns.name()).resource(serviceEntry("pypi", "pypi.org")).create();

    ServiceEntry stored = client.resources(ServiceEntry.class).inNamespace(ns.name()).withName("pypi").get();
    assertThat(stored.getSpec().getHosts()).containsExactly("pypi.org");
    assertThat(stored.getSpec().getResolution()).isEqualTo(ServiceEntryResolution.DNS);
  }

  @Test
  void rejectsAServiceEntryForAnyHostWithIstiosOwnMessage(KubernetesClient client, TestNamespace ns) {
    ServiceEntry everything = serviceEntry("everything", "*");

    assertThatThrownBy(() -> client.resources(ServiceEntry.class).inNamespace(ns.name()).resource(everything).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("hostname cannot be wildcard");
    assertThat(client.resources(ServiceEntry.class).inNamespace(ns.name()).withName("everything").get()).isNull();
  }

  @Test
  void theBuiltKubectlAppliesServerSide(ApiServer server, KubernetesClient client, TestNamespace ns,
      @TempDir Path dir) throws Exception {
    Path manifest = dir.resolve("manifest.yaml");
    Files.writeString(manifest, """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: applied-by-kubectl
        data:
          source: kubectl
        """);

    Process kubectl = new ProcessBuilder(server.local().kubectl().toString(),
        "--kubeconfig", server.local().kubeconfig().toString(), "-n", ns.name(),
        "apply", "--server-side", "--field-manager", "suite", "-f", manifest.toString())
        .redirectErrorStream(true).start();
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
    String output = output(kubectl);

    assertThat(kubectl.exitValue()).as(output).isZero();
    assertThat(output).contains("configmap/applied-by-kubectl serverside-applied");
    ConfigMap applied = client.configMaps().inNamespace(ns.name()).withName("applied-by-kubectl").get();
    assertThat(applied.getData()).containsEntry("source", "kubectl");
    assertThat(applied.getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("suite"));
  }

  private static ServiceEntry serviceEntry(String name, String host) {
    return new ServiceEntryBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .withHosts(host)
        .withLocation(ServiceEntryLocation.MESH_EXTERNAL)
        .withResolution(ServiceEntryResolution.DNS)
        .withPorts(List.of(new io.fabric8.istio.api.api.networking.v1alpha3.ServicePortBuilder()
            .withName("tls-443").withNumber(443L).withProtocol("TLS").build()))
        .endSpec()
        .build();
  }

  private static String output(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
