package io.sandboxegress.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.local.CrdSources;
import io.sandboxegress.local.LocalApiServer;
import java.nio.file.Path;
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
