package io.sandboxegress.revision;

import io.sandboxegress.backend.Backends;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.BundleRenderer;
import io.sandboxegress.render.BundleYaml;
import io.sandboxegress.render.Fixtures;
import io.sandboxegress.render.OwnedLabels;
import io.sandboxegress.render.UnsupportedDataPlaneException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RevisionCodecTest {

  private static final Instant NOW = Instant.parse("2025-05-01T10:00:00Z");

  static List<Path> inputs() {
    return Fixtures.inputs();
  }

  /** A rolled-back bundle must be the one verified: same objects, same types, same fingerprint. */
  @ParameterizedTest
  @MethodSource("inputs")
  void everyRenderedBundleComesBackExactlyFromItsControllerRevision(Path input) {
    SandboxEgress cr = owned(Fixtures.read(input));
    for (DataPlane dataPlane : Fixtures.dataPlanes(cr)) {
      Bundle bundle;
      try {
        bundle = Backends.bundleRenderer().render(Fixtures.plan(cr), Fixtures.facts(dataPlane));
      } catch (UnsupportedDataPlaneException e) {
        continue;
      }
      ControllerRevision stored = throughTheApi(RevisionCodec.encode(cr, 3, bundle, "f1a2b3c4", NOW));

      Bundle restored = RevisionCodec.bundle(stored);

      assertThat(BundleYaml.write(restored)).isEqualTo(BundleYaml.write(bundle));
      assertThat(restored.objects()).extracting(Object::getClass)
          .containsExactlyElementsOf(bundle.objects().stream().map(Object::getClass).toList());
    }
  }

  @Test
  void theControllerRevisionIsNamedNumberedLabelledOwnedAndAnnotated() {
    SandboxEgress cr = owned(Fixtures.read(Fixtures.inputs().get(0)));
    Bundle bundle = new Bundle(List.of(), "hosts at port level only");

    ControllerRevision revision = RevisionCodec.encode(cr, 7, bundle, "abcd1234", NOW);

    assertThat(revision.getMetadata().getName()).isEqualTo("sandbox-egress-" + cr.getMetadata().getName() + "-r7");
    assertThat(revision.getRevision()).isEqualTo(7);
    assertThat(revision.getMetadata().getLabels())
        .containsAllEntriesOf(OwnedLabels.forOwner(cr.getMetadata().getNamespace(), cr.getMetadata().getName()));
    assertThat(revision.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getController()).isTrue();
      assertThat(ref.getUid()).isEqualTo("uid-1");
    });
    Revision read = Revision.of(throughTheApi(revision));
    assertThat(read.fingerprint()).isEqualTo("abcd1234");
    assertThat(read.generation()).isEqualTo(4);
    assertThat(read.verdict()).isEqualTo(Verdict.Unverified);
    assertThat(Serialization.asJson(revision.getData())).contains("\"createdAt\":\"2025-05-01T10:00:00Z\"")
        .contains("\"fingerprint\":\"abcd1234\"").contains("\"generation\":4");
  }

  private static SandboxEgress owned(SandboxEgress cr) {
    cr.setMetadata(new ObjectMetaBuilder(cr.getMetadata()).withUid("uid-1").withGeneration(4L)
        .withNamespace(cr.getMetadata().getNamespace() == null ? "sandboxes" : cr.getMetadata().getNamespace())
        .build());
    return cr;
  }

  /** As the operator reads it back: JSON from the API server, {@code data} untyped. */
  private static ControllerRevision throughTheApi(ControllerRevision revision) {
    return Serialization.unmarshal(Serialization.asJson(revision), ControllerRevision.class);
  }
}
