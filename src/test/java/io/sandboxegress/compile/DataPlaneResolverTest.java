package io.sandboxegress.compile;

import io.sandboxegress.facts.DataPlane;
import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.api.IstioMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataPlaneResolverTest {

  @Test
  void autoReadsTheSidecarInjectionLabel() {
    var decision = DataPlaneResolver.resolve(IstioMode.Auto, true, Map.of("istio-injection", "enabled"));

    assertThat(decision.dataPlane()).isEqualTo(DataPlane.SIDECAR);
    assertThat(decision.istioStatus()).isEqualTo(IstioStatus.Sidecar);
    assertThat(decision.error()).isEmpty();
  }

  @Test
  void autoReadsARevisionLabelUnlessInjectionIsDisabled() {
    assertThat(DataPlaneResolver.resolve(IstioMode.Auto, true, Map.of("istio.io/rev", "1-24")).dataPlane())
        .isEqualTo(DataPlane.SIDECAR);
    assertThat(DataPlaneResolver.resolve(IstioMode.Auto, true,
        Map.of("istio.io/rev", "1-24", "istio-injection", "disabled")).dataPlane())
        .isEqualTo(DataPlane.NONE);
  }

  @Test
  void autoReadsTheAmbientLabelFirst() {
    var decision = DataPlaneResolver.resolve(IstioMode.Auto, true,
        Map.of("istio.io/dataplane-mode", "ambient", "istio-injection", "enabled"));

    assertThat(decision.dataPlane()).isEqualTo(DataPlane.AMBIENT);
  }

  @Test
  void aNamespaceWithoutIstioLabelsIsNotInTheMesh() {
    var decision = DataPlaneResolver.resolve(IstioMode.Auto, true, Map.of("team", "sandboxes"));

    assertThat(decision.dataPlane()).isEqualTo(DataPlane.NONE);
    assertThat(decision.istioStatus()).isEqualTo(IstioStatus.NotInMesh);
  }

  @Test
  void withoutIstioAutoFallsBackToTheNetworkPolicyOnly() {
    var decision = DataPlaneResolver.resolve(IstioMode.Auto, false, Map.of("istio-injection", "enabled"));

    assertThat(decision.dataPlane()).isEqualTo(DataPlane.NONE);
    assertThat(decision.istioStatus()).isEqualTo(IstioStatus.NotInstalled);
    assertThat(decision.error()).isEmpty();
  }

  @Test
  void withoutIstioAnExplicitModeIsRefusedNamingTheField() {
    var decision = DataPlaneResolver.resolve(IstioMode.Sidecar, false, Map.of());

    assertThat(decision.error()).hasValueSatisfying(error -> {
      assertThat(error.field()).isEqualTo("spec.istio.mode");
      assertThat(error.message()).contains("Istio is not installed").contains("Auto or Off");
    });
  }

  @Test
  void theSpecOverridesTheNamespaceLabels() {
    assertThat(DataPlaneResolver.resolve(IstioMode.Off, true, Map.of("istio-injection", "enabled")).dataPlane())
        .isEqualTo(DataPlane.NONE);
    assertThat(DataPlaneResolver.resolve(IstioMode.Sidecar, true, Map.of()).dataPlane())
        .isEqualTo(DataPlane.SIDECAR);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(DataPlane.class)
  void theLabelsForADataPlaneMakeAutoChooseIt(DataPlane dataPlane) {
    assertThat(DataPlaneResolver.resolve(IstioMode.Auto, true, DataPlaneResolver.namespaceLabelsFor(dataPlane))
        .dataPlane()).isEqualTo(dataPlane);
  }
}
