package io.sandboxegress.revision;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.render.Bundle;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleChangesTest {

  @Test
  void objectsAreCreatedUpdatedAndDeletedByKindNamespaceAndName() {
    Bundle live = new Bundle(List.of(object("a", "1"), object("b", "1"), object("c", "1")), "");
    Bundle next = new Bundle(List.of(object("a", "1"), object("b", "2"), object("d", "1")), "");

    assertThat(BundleChanges.between(live, next))
        .containsExactly("update ConfigMap ns/b", "create ConfigMap ns/d", "delete ConfigMap ns/c");
    assertThat(BundleChanges.between(live, live)).isEmpty();
  }

  private static HasMetadata object(String name, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
        .addToData("v", value).build();
  }
}
