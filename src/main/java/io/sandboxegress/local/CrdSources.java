package io.sandboxegress.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CRD files a local API server needs: the project's own ({@code crd/}) and Istio's, read from
 * {@code $ISTIO_CRDS_DIR}, by default {@code ../shared/istio-crds} beside the project.
 */
public final class CrdSources {

  private CrdSources() {}

  public static List<Path> all(Path projectRoot) {
    List<Path> files = new ArrayList<>(CrdInstaller.yamlFilesIn(projectRoot.resolve("crd")));
    files.addAll(CrdInstaller.yamlFilesIn(istioCrdDirectory(projectRoot)));
    return files;
  }

  public static Path istioCrdDirectory(Path projectRoot) {
    String configured = System.getenv("ISTIO_CRDS_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : projectRoot.resolve("../shared/istio-crds").normalize();
  }
}
