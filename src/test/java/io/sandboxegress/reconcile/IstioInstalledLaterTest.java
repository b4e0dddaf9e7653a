package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.api.ResourceRef;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.local.CrdInstaller;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Istio installed after the operator started, then removed, on an API server of its own: the
 * operator follows within seconds, applies the Istio objects once their APIs are served, and its
 * status never lists an object that is not in the cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IstioInstalledLaterTest {

  private static final Duration DEADLINE = Duration.ofSeconds(45);
  private static final String NS = "istio-later";

  private ApiServer server;
  private KubernetesClient client;
  private RunningOperator operator;

  @BeforeAll
  void startWithoutIstio() {
    server = ApiServer.startWithoutIstio();
    client = server.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
        .addToLabels("istio-injection", "enabled").endMetadata().build()).create();
    operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(NS),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")),
        Duration.ofMinutes(10), ProbeSettings.defaults(), null));
  }

  @AfterAll
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void istioInstalledThenRemovedWhileTheOperatorRuns() {
    SandboxEgresses.apply(client, NS, "agents", """
        podSelector: {matchLabels: {app: agents}}
        allow: [{host: pypi.org}]
        """);
    SandboxEgress before = SandboxEgresses.awaitCondition(client, NS, "agents", "Applied", "True", DEADLINE);
    assertThat(before.getStatus().getDataPlane().getIstio()).isEqualTo("NotInstalled");
    assertThat(kinds(before)).containsExactly("NetworkPolicy");

    // long resync (10 min): only the change of facts can bring the Sidecar this soon
    new CrdInstaller(client).install(ApiServer.istioCrdFiles());
    await().atMost(DEADLINE).untilAsserted(() -> {
      SandboxEgress cr = SandboxEgresses.get(client, NS, "agents");
      assertThat(cr.getStatus().getDataPlane().getIstio()).isEqualTo("Sidecar");
      assertThat(kinds(cr)).contains("NetworkPolicy", "Sidecar", "ServiceEntry");
    });
    assertThat(client.resources(Sidecar.class).inNamespace(NS).list().getItems()).hasSize(1);
    everyListedResourceExists(SandboxEgresses.get(client, NS, "agents"));

    for (Path file : ApiServer.istioCrdFiles()) {
      client.apiextensions().v1().customResourceDefinitions().withName(crdName(file)).delete();
    }
    await().atMost(DEADLINE).untilAsserted(() -> {
      SandboxEgress cr = SandboxEgresses.get(client, NS, "agents");
      assertThat(cr.getStatus().getDataPlane().getIstio()).isEqualTo("NotInstalled");
      assertThat(kinds(cr)).containsExactly("NetworkPolicy");
      assertThat(SandboxEgresses.condition(cr, "Ready").getStatus()).isEqualTo("True");
    });
    // the Istio watches went with the APIs: nothing left failing, so the operator stays ready
    await().atMost(DEADLINE).until(() -> operator.operator().isReady());
  }

  private static List<String> kinds(SandboxEgress cr) {
    return cr.getStatus().getResources().stream().map(ResourceRef::getKind).distinct().sorted().toList();
  }

  private void everyListedResourceExists(SandboxEgress cr) {
    for (ResourceRef ref : cr.getStatus().getResources()) {
      assertThat(client.genericKubernetesResources(ref.getApiVersion(), ref.getKind())
          .inNamespace(ref.getNamespace()).withName(ref.getName()).get())
          .as("%s %s/%s listed in status", ref.getKind(), ref.getNamespace(), ref.getName()).isNotNull();
    }
  }

  private String crdName(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return ((CustomResourceDefinition) client.load(in).items().get(0)).getMetadata().getName();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
