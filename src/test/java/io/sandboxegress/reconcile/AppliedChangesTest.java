package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.istio.api.networking.v1.SidecarBuilder;
import org.junit.jupiter.api.Test;

class AppliedChangesTest {

  private final AppliedChanges changes = new AppliedChanges();

  AppliedChangesTest() {
    changes.record(AppliedChanges.Action.Created, new NetworkPolicyBuilder().withNewMetadata()
        .withNamespace("daytona").withName("sandbox-egress-agents").endMetadata().build());
    changes.record(AppliedChanges.Action.Updated, new SidecarBuilder().withNewMetadata()
        .withNamespace("daytona").withName("sandbox-egress-agents").endMetadata().build());
  }

  @Test
  void aChangeOfTheSpecIsOneEventPerActionNamingItsObjects() {
    assertThat(changes.events(false)).containsExactly(
        org.assertj.core.api.Assertions.entry(EventReason.Created, "NetworkPolicy daytona/sandbox-egress-agents"),
        org.assertj.core.api.Assertions.entry(EventReason.Updated, "Sidecar daytona/sandbox-egress-agents"));
  }

  @Test
  void puttingBackTheLiveRevisionIsARepair() {
    assertThat(changes.events(true)).containsExactly(org.assertj.core.api.Assertions.entry(EventReason.Repaired,
        "changed outside the operator, put back: re-created NetworkPolicy daytona/sandbox-egress-agents,"
            + " re-applied Sidecar daytona/sandbox-egress-agents"));
  }
}
