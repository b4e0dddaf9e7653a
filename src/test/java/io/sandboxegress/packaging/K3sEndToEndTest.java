package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.testing.ApiServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * End to end on a real cluster: k3s in a container (its embedded network policy controller enforces
 * NetworkPolicy). Builds the image from operator/Dockerfile, loads it into k3s, installs the chart,
 * runs a sandbox pod and checks, from inside it, that the allowed CIDR answers and that the cloud
 * metadata address and a target outside the allow list do not.
 *
 * <p>Needs a Docker engine: runs only with {@code mvn -Pk3s} (which sets {@code -Dk3s=true});
 * compiled in every build so that it cannot rot. On a local k3s nothing answers at 169.254.169.254
 * in any case, so the "denied" target (a pod that answers before the policy and not after) is
 * what proves that the policy blocks; the metadata check guards the rendered policy's exceptions.
 */
@EnabledIfSystemProperty(named = "k3s", matches = "true")
class K3sEndToEndTest {

  static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.31.4-k3s1");
  static final String IMAGE = "sandbox-egress-operator:e2e";
  static final String BUSYBOX = "busybox:1.36";
  static final String OPERATOR_NAMESPACE = "sandbox-egress-system";
  static final Duration DEADLINE = Duration.ofMinutes(3);

  @Test
  void sandboxReachesTheAllowedCidrAndNotTheMetadataEndpoint(@TempDir Path dir) throws Exception {
    Path root = ApiServer.projectRoot();
    new ImageFromDockerfile(IMAGE, false)
        .withFileFromPath("pom.xml", root.resolve("pom.xml"))
        .withFileFromPath("src/main", root.resolve("src/main"))
        .withFileFromPath("operator/Dockerfile", root.resolve("operator/Dockerfile"))
        .withDockerfilePath("operator/Dockerfile")
        .get();
    Path tar = dir.resolve("operator.tar");
    try (InputStream image = DockerClientFactory.instance().client().saveImageCmd(IMAGE).exec()) {
      Files.copy(image, tar, StandardCopyOption.REPLACE_EXISTING);
    }

    try (K3sContainer k3s = new K3sContainer(K3S)) {
      k3s.start();
      k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/operator.tar");
      ExecResult imported = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/operator.tar");
      assertThat(imported.getExitCode()).as(imported.getStderr()).isZero();

      new Helm(Chart.DIR).install()
          .withName("sandbox-egress-operator")
          .withNamespace(OPERATOR_NAMESPACE)
          .createNamespace()
          .withKubeConfigContents(k3s.getKubeConfigYaml())
          .set("image.repository", "sandbox-egress-operator")
          .set("image.tag", "e2e")
          .set("image.pullPolicy", "Never")
          .set("cluster.podCidrs[0]", "10.42.0.0/16")
          .set("cluster.serviceCidrs[0]", "10.43.0.0/16")
          .set("istio.readMeshConfig", false)
          .waitReady()
          .withTimeout(300)
          .call();

      try (KubernetesClient client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
        for (String namespace : new String[] {"targets", "sandboxes"}) {
          client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
              .build()).create();
        }
        String allowed = runningPod(client, httpServer("allowed")).getStatus().getPodIP();
        String denied = runningPod(client, httpServer("denied")).getStatus().getPodIP();
        runningPod(client, new PodBuilder()
            .withNewMetadata().withName("sandbox").withNamespace("sandboxes").addToLabels("app", "sandbox").endMetadata()
            .withNewSpec().addNewContainer().withName("sandbox").withImage(BUSYBOX)
            .withCommand("sleep", "3600").endContainer().endSpec().build());

        // Before any policy both targets answer: what fails later fails because of the policy.
        await().atMost(DEADLINE).until(() -> fetch(k3s, "http://" + allowed + ":8080/"));
        assertThat(fetch(k3s, "http://" + denied + ":8080/")).as("the denied target answers without a policy").isTrue();

        client.resource(Serialization.unmarshal("""
            apiVersion: sandboxegress.io/v1alpha1
            kind: SandboxEgress
            metadata:
              name: agents
              namespace: sandboxes
            spec:
              podSelector: {matchLabels: {app: sandbox}}
              policy: AllowList
              allow:
                - cidr: %s/32
                  private: true
                  ports: [{number: 8080, protocol: TCP}]
              istio: {mode: "Off"}
            """.formatted(allowed), SandboxEgress.class)).create();
        await().atMost(DEADLINE).until(() -> {
          SandboxEgress cr = client.resources(SandboxEgress.class).inNamespace("sandboxes").withName("agents").get();
          return cr.getStatus() != null && cr.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });

        await().atMost(DEADLINE).until(() -> !fetch(k3s, "http://" + denied + ":8080/"));
        assertThat(fetch(k3s, "http://" + allowed + ":8080/")).as("the allowed CIDR").isTrue();
        assertThat(fetch(k3s, "http://169.254.169.254/latest/meta-data/")).as("the metadata endpoint").isFalse();
      }
    }
  }

  private static Pod httpServer(String name) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace("targets").addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("httpd").withImage(BUSYBOX)
        .withCommand("sh", "-c", "mkdir -p /www && echo " + name + " > /www/index.html && httpd -f -p 8080 -h /www")
        .endContainer().endSpec().build();
  }

  private static Pod runningPod(KubernetesClient client, Pod pod) {
    client.resource(pod).create();
    return client.resource(pod).waitUntilCondition(Readiness::isPodReady, DEADLINE.toSeconds(),
        TimeUnit.SECONDS);
  }

  /** Whether an HTTP GET from inside the sandbox pod gets an answer within 3 seconds. */
  private static boolean fetch(K3sContainer k3s, String url) throws Exception {
    ExecResult result = k3s.execInContainer("kubectl", "exec", "-n", "sandboxes", "sandbox", "--",
        "wget", "-q", "-T", "3", "-O", "-", url);
    return result.getExitCode() == 0;
  }
}
