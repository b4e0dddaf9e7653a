package io.sandboxegress.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.local.CrdInstaller;
import io.sandboxegress.local.CrdSources;
import io.sandboxegress.local.LocalApiServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The suite's one API server: started on first use, stopped when the test run ends. */
public final class ApiServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  private final LocalApiServer server;

  private ApiServer(LocalApiServer server) {
    this.server = server;
  }

  static ApiServer start() {
    return new ApiServer(LocalApiServer.start(CrdSources.all(projectRoot())));
  }

  /**
   * An API server of its own with only the project's CRDs, for a test that installs and removes
   * Istio's while the operator runs; the caller closes it.
   */
  public static ApiServer startWithoutIstio() {
    return new ApiServer(LocalApiServer.start(CrdInstaller.yamlFilesIn(projectRoot().resolve("crd"))));
  }

  /** Istio's CRDs, as the suite's API server has them. */
  public static List<Path> istioCrdFiles() {
    return CrdInstaller.yamlFilesIn(CrdSources.istioCrdDirectory(projectRoot()));
  }

  public static Path projectRoot() {
    return Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
  }

  public KubernetesClient client() {
    return server.client();
  }

  public LocalApiServer local() {
    return server;
  }

  @Override
  public void close() {
    server.close();
  }
}
