package io.sandboxegress.local;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver with etcd on this machine, no kubelet and no controllers, the way
 * Kubernetes' envtest runs one. Binaries come from {@code scripts/k8s-test-binaries.sh}; nothing is
 * downloaded. Used by the test suite and by the {@code demo} command.
 */
public final class LocalApiServer implements AutoCloseable {

  private final KubeAPIServer server;
  private final TestBinaries binaries;
  private final KubernetesClient client;
  private final Path kubeconfig;

  private LocalApiServer(KubeAPIServer server, TestBinaries binaries, String kubeconfigYaml) {
    this.server = server;
    this.binaries = binaries;
    try {
      this.kubeconfig = Files.createTempFile("sandbox-egress-local-", ".kubeconfig");
      Files.writeString(kubeconfig, kubeconfigYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  /** Starts the server and installs the given CRD files (all must become Established). */
  public static LocalApiServer start(List<Path> crdFiles) {
    TestBinaries binaries = TestBinaries.locate();
    KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(binaries.testDir().toString())
        .withApiServerVersion(binaries.version())
        .withOfflineMode(true)
        // istiod reviews the tokens sidecars present for audience istio-ca (the data-plane lab)
        .withApiServerFlag("--api-audiences", "https://localhost,istio-ca")
        .withStartupTimeout((int) TimeUnit.SECONDS.toMillis(120))
        .build());
    server.start();
    LocalApiServer local = new LocalApiServer(server, binaries, server.getKubeConfigYaml());
    try {
      new CrdInstaller(local.client).install(crdFiles);
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
    return local;
  }

  public KubernetesClient client() {
    return client;
  }

  /** A kubeconfig file (with admin credentials) for this server. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public String kubeconfigYaml() {
    try {
      return Files.readString(kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path kubectl() {
    return binaries.kubectl();
  }

  @Override
  public void close() {
    client.close();
    server.stop();
    try {
      Files.deleteIfExists(kubeconfig);
    } catch (IOException ignored) {
      // a stale temp file is harmless
    }
  }
}
