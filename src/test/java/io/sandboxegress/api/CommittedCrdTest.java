package io.sandboxegress.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * crd/ is what fabric8's CRD generator makes of the api package (run by the build into
 * target/classes/META-INF/fabric8), with the printer columns in the order SandboxEgress declares
 * them (the generator sorts them by JSON path). The build fails while the committed file is stale;
 * {@code scripts/update-crd.sh} rewrites it.
 */
class CommittedCrdTest {

  static final String CRD_NAME = "sandboxegresses.sandboxegress.io";
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8/" + CRD_NAME + "-v1.yml");
  static final Path COMMITTED = Path.of("crd/" + CRD_NAME + ".yaml");

  @Test
  void committedCrdIsWhatTheGeneratorMakesOfTheApiClasses() throws IOException {
    String expected = "# Generated from io.sandboxegress.api by fabric8's CRD generator; do not edit.\n"
        + "# Regenerate with scripts/update-crd.sh.\n"
        + Serialization.asYaml(withDeclaredColumnOrder(generated()));

    if (Boolean.getBoolean("crd.update")) {
      Files.createDirectories(COMMITTED.getParent());
      Files.writeString(COMMITTED, expected);
    }
    assertThat(COMMITTED).exists();
    assertThat(Files.readString(COMMITTED))
        .as("crd/ is stale: run scripts/update-crd.sh and commit the result")
        .isEqualTo(expected);
  }

  @Test
  void printerColumnsAreTheOnesKubectlShowsInOrder() throws IOException {
    CustomResourceDefinition committed =
        Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    List<String> columns = committed.getSpec().getVersions().get(0)
        .getAdditionalPrinterColumns().stream().map(CustomResourceColumnDefinition::getName).toList();

    assertThat(columns).containsExactly("Policy", "Matched", "Ready", "Verified", "Conflicts", "Age");
  }

  private static CustomResourceDefinition generated() throws IOException {
    return Serialization.unmarshal(Files.readString(GENERATED), CustomResourceDefinition.class);
  }

  private static CustomResourceDefinition withDeclaredColumnOrder(CustomResourceDefinition crd) {
    List<String> declared = Arrays.stream(
            SandboxEgress.class.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version.getAdditionalPrinterColumns()
          .sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
    }
    return crd;
  }
}
