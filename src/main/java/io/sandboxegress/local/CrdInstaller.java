package io.sandboxegress.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Installs CustomResourceDefinitions from YAML files and waits until each is Established. */
public final class CrdInstaller {

  private final KubernetesClient client;

  public CrdInstaller(KubernetesClient client) {
    this.client = client;
  }

  public void install(List<Path> files) {
    List<String> names = new ArrayList<>();
    for (Path file : files) {
      for (HasMetadata item : load(file)) {
        if (!(item instanceof CustomResourceDefinition crd)) {
          throw new IllegalArgumentException(file + " holds a " + item.getKind() + ", not a CRD");
        }
        client.resource(crd).forceConflicts().serverSideApply();
        names.add(crd.getMetadata().getName());
      }
    }
    for (String name : names) {
      client.apiextensions().v1().customResourceDefinitions().withName(name)
          .waitUntilCondition(CrdInstaller::established, 60, TimeUnit.SECONDS);
    }
  }

  /** The YAML files directly inside a directory, in name order. */
  public static List<Path> yamlFilesIn(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("CRD directory " + directory + " does not exist");
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<HasMetadata> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
