package io.sandboxegress.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl explain sandboxegress.spec} reads the committed CRD's descriptions: every field of
 * spec and status, however deep, has one that gives an example, and every spec field says its
 * default (the one the schema applies, word for word) or that it is required.
 */
class CrdDescriptionsTest {

  private static Map<String, JSONSchemaProps> fields;

  @BeforeAll
  static void readCommittedCrd() throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(
        Files.readString(CommittedCrdTest.COMMITTED), CustomResourceDefinition.class);
    fields = new LinkedHashMap<>();
    walk(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(), "", fields);
  }

  @Test
  void theWalkReachesNestedSpecAndStatusFields() {
    assertThat(fields).containsKeys("spec", "spec.podSelector.matchExpressions[].operator",
        "spec.allow[].ports[].protocol", "spec.probes.targets[].expect", "status",
        "status.conditions[].reason", "status.probes[].verdict", "status.dataPlane.hostEnforcement");
  }

  @Test
  void everyFieldHasADescriptionWithAnExample() {
    List<String> missing = new ArrayList<>();
    fields.forEach((path, schema) -> {
      String description = schema.getDescription();
      if (description == null || description.isBlank()) {
        missing.add(path + ": no description");
      } else if (!description.contains("Example: ")) {
        missing.add(path + ": no \"Example: \" in \"" + description + "\"");
      }
    });
    assertThat(missing).as("describe these fields in io.sandboxegress.api with"
        + " @JsonPropertyDescription, then run scripts/update-crd.sh").isEmpty();
  }

  @Test
  void everySpecFieldSaysItsDefaultOrThatItIsRequired() {
    List<String> missing = new ArrayList<>();
    fields.forEach((path, schema) -> {
      if (!path.startsWith("spec")) {
        return;
      }
      String description = String.valueOf(schema.getDescription());
      if (schema.getDefault() != null) {
        String said = "Default: " + schema.getDefault().asText() + ".";
        if (!description.contains(said)) {
          missing.add(path + ": the schema's default is not said as \"" + said + "\"");
        }
      } else if (!description.contains("Default") && !description.contains("Required")) {
        missing.add(path + ": neither its default nor \"Required\" in \"" + description + "\"");
      }
    });
    assertThat(missing).isEmpty();
  }

  /** Properties by path (lists as {@code name[]}); a map's value schema is not a field of its own. */
  private static void walk(JSONSchemaProps schema, String path, Map<String, JSONSchemaProps> into) {
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> {
        String child = path.isEmpty() ? name : path + "." + name;
        into.put(child, property);
        walk(property, child, into);
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      walk(schema.getItems().getSchema(), path + "[]", into);
    }
  }
}
