package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressSpec;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.compile.DataPlaneDecision;
import io.sandboxegress.compile.IstioStatus;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.FieldError;
import io.sandboxegress.render.Bundle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole status from typed inputs, without a cluster: every condition a user reads in
 * {@code kubectl get sbe} and {@code describe}, for each situation a reconciliation can end in.
 */
class StatusAggregatorTest {

  private static final Instant EARLIER = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final DataPlaneDecision NOT_IN_MESH =
      new DataPlaneDecision(DataPlane.NONE, IstioStatus.NotInMesh, Optional.empty());

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # case                     | dryRun | verified | pods | safe change | conflict  | Ready            | Applied            | Verified       | Stalled                 | RolledBack
      verified                   | false  | True     | 2    | none        |           | True Applied     | True Applied       | True Verified  | False Applied           | False NoRegression
      no pods                    | false  | True     | 0    | none        |           | True NoPodsMatched | True Applied     | True Verified  | False Applied           | False NoRegression
      probing                    | false  | Unknown  | 2    | none        |           | False Probing    | True Applied       | Unknown Probing | False Applied          | False NoRegression
      probes failed              | false  | False    | 2    | none        |           | False ProbesFailed | True Applied     | False ProbesFailed | False Applied       | False NoRegression
      dry run                    | true   | True     | 2    | none        |           | True DryRun      | False DryRun       | True Verified  | False DryRun            | False NoRegression
      rollback holds             | false  | True     | 2    | held        |           | False RolledBack | True RolledBack    | True Verified  | True RolledBack         | True Regression
      regression, rollback off   | false  | False    | 2    | regressed   |           | False Regressed  | True Applied       | False ProbesFailed | False Applied       | False RollbackDisabled
      widening conflict          | false  | True     | 2    | none        | Widens    | False ConflictWidens | True Applied   | True Verified  | True ConflictWidens     | False NoRegression
      advice only                | false  | True     | 2    | none        | Advice    | True Applied     | True Applied       | True Verified  | False Applied           | False NoRegression
      """)
  void appliedSituations(String name, boolean dryRun, String verified, int pods, String safeChange, String conflict,
      String ready, String applied, String verifiedCondition, String stalled, String rolledBack) {
    SandboxEgressStatus status = StatusAggregator.applied(cr(null), new StatusAggregator.Applied(
        safe(safeChange, null), NOT_IN_MESH, dryRun, pods,
        probing(verified), conflict == null ? List.of() : List.of(conflict(ConflictEffect.valueOf(conflict)))), NOW);

    assertThat(conditions(status)).containsExactly(
        Map.entry("Ready", ready), Map.entry("Applied", applied), Map.entry("Verified", verifiedCondition),
        Map.entry("Stalled", stalled), Map.entry("RolledBack", rolledBack));
    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getMatchedPods()).isEqualTo(pods);
    assertThat(status.getResources()).extracting(r -> r.getKind()).containsExactly("NetworkPolicy");
    assertThat(status.getDataPlane().getNetworkPolicy()).isEqualTo(dryRun ? "DryRun" : "Enforced");
    assertThat(status.getDataPlane().getIstio()).isEqualTo("NotInMesh");
    assertThat(status.getConflictCount()).isEqualTo(conflict == null ? null : 1);
  }

  @Test
  void whileARollbackHoldsAppliedSaysWhichRevisionIsLiveAndTheRevisionsAreSafeChanges() {
    SandboxEgressStatus status = StatusAggregator.applied(cr(null), new StatusAggregator.Applied(safe("held", null),
        NOT_IN_MESH, false, 2, probing("True"), List.of()), NOW);

    assertThat(condition(status, "Applied").getMessage())
        .isEqualTo("revision 2 re-applied (1 objects); generation 4 is not applied");
    assertThat(condition(status, "Stalled").getMessage()).startsWith("change the spec to try again: ");
    assertThat(status.getRevision()).isEqualTo(2L);
    assertThat(status.getLastGoodRevision()).isEqualTo(2L);
    assertThat(status.getRolledBackGeneration()).isEqualTo(4L);
  }

  @Test
  void inDryRunAppliedSaysWhatApplyingWouldChange() {
    SandboxEgressStatus status = StatusAggregator.applied(cr(null), new StatusAggregator.Applied(
        safe("none", "applying would update 1 objects"),
        NOT_IN_MESH, true, 2, probing("True"), List.of()), NOW);

    assertThat(condition(status, "Applied").getMessage())
        .isEqualTo("DryRun: 1 objects rendered, nothing applied; applying would update 1 objects");
  }

  @Test
  void aRefusedSpecIsStalledAndKeepsWhatItCannotDecide() {
    SandboxEgressStatus previous = StatusAggregator.applied(cr(null), new StatusAggregator.Applied(safe("none", null),
        NOT_IN_MESH, false, 2, probing("True"), List.of()),
        EARLIER);

    SandboxEgressStatus status = StatusAggregator.stalled(cr(previous), ConditionReason.InvalidSpec,
        List.of(new FieldError("spec.allow[0].host", "not a host name")), 2, NOW);

    assertThat(conditions(status)).containsEntry("Ready", "False InvalidSpec")
        .containsEntry("Applied", "False InvalidSpec").containsEntry("Stalled", "True InvalidSpec");
    assertThat(condition(status, "Stalled").getMessage())
        .isEqualTo("spec.allow[0].host: not a host name; nothing was applied");
    // what was verified before stays visible, and so do the objects still in force
    assertThat(status.getProbes()).isEqualTo(previous.getProbes());
    assertThat(status.getResources()).isEqualTo(previous.getResources());
    assertThat(status.getRevision()).isEqualTo(previous.getRevision());
  }

  @Test
  void aFailedApplyIsRetriedNotStalledAndLeavesVerifiedAndRolledBackAsTheyWere() {
    SandboxEgressStatus previous = StatusAggregator.applied(cr(null), new StatusAggregator.Applied(safe("none", null),
        NOT_IN_MESH, false, 2, probing("True"), List.of()),
        EARLIER);

    SandboxEgressStatus status = StatusAggregator.applyFailed(cr(previous), "connection refused", NOW);

    assertThat(conditions(status)).containsEntry("Ready", "False ApplyFailed").containsEntry("Applied", "False ApplyFailed")
        .containsEntry("Stalled", "False ApplyFailed").containsEntry("Verified", "True Verified")
        .containsEntry("RolledBack", "False NoRegression");
    assertThat(condition(status, "Applied").getMessage()).isEqualTo("applying failed, retrying: connection refused");
  }

  @Test
  void aConditionKeepsItsTransitionTimeWhileItsValueStays() {
    SandboxEgressStatus previous = StatusAggregator.applied(cr(null), new StatusAggregator.Applied(safe("none", null),
        NOT_IN_MESH, false, 2, probing("True"), List.of()),
        EARLIER);

    SandboxEgressStatus status = StatusAggregator.applied(cr(previous), new StatusAggregator.Applied(safe("none", null),
        NOT_IN_MESH, false, 2, probing("False"), List.of()),
        NOW);

    assertThat(condition(status, "Applied").getLastTransitionTime()).isEqualTo("2026-11-01T10:00:00Z");
    assertThat(condition(status, "Ready").getLastTransitionTime()).isEqualTo("2026-11-29T12:00:00Z");
    assertThat(condition(status, "Verified").getLastTransitionTime()).isEqualTo("2026-11-29T12:00:00Z");
  }

  @Test
  void theInputsAreNotChanged() {
    SandboxEgressStatus previous = StatusAggregator.applied(cr(null), new StatusAggregator.Applied(safe("none", null),
        NOT_IN_MESH, false, 2, probing("True"), List.of()),
        EARLIER);
    SandboxEgress cr = cr(previous);
    String before = Serialization.asJson(cr);

    StatusAggregator.applied(cr, new StatusAggregator.Applied(safe("held", null),
        NOT_IN_MESH, false, 0, probing("False"),
        List.of(conflict(ConflictEffect.Undefined))), NOW);
    StatusAggregator.stalled(cr, ConditionReason.InvalidSpec, List.of(new FieldError("spec", "bad")), 0, NOW);
    StatusAggregator.applyFailed(cr, "boom", NOW);

    assertThat(Serialization.asJson(cr)).isEqualTo(before);
  }

  private static SandboxEgress cr(SandboxEgressStatus status) {
    SandboxEgress cr = new SandboxEgress();
    cr.setMetadata(new ObjectMetaBuilder().withName("agents").withNamespace("daytona").withGeneration(4L).build());
    SandboxEgressSpec spec = new SandboxEgressSpec();
    spec.setPodSelector(new LabelSelectorBuilder().addToMatchLabels("app", "agents").build());
    cr.setSpec(spec);
    cr.setStatus(status);
    return cr;
  }

  private static SafeChangeOutcome safe(String situation, String pendingChanges) {
    Bundle bundle = new Bundle(List.of(new NetworkPolicyBuilder().withNewMetadata().withName("sandbox-egress-agents")
        .withNamespace("daytona").endMetadata().build()), "hosts enforced at port level only (no mesh)");
    return switch (situation) {
      case "held" -> new SafeChangeOutcome(bundle, probing("True"), 2L, "abc", 2L, 4L,
          new SafeChangeOutcome.RolledBack(true, ConditionReason.Regression, "generation 4 made pypi.org unreachable"),
          pendingChanges);
      case "regressed" -> new SafeChangeOutcome(bundle, probing("False"), 3L, "def", 2L, null,
          new SafeChangeOutcome.RolledBack(false, ConditionReason.RollbackDisabled, "generation 4 regressed"),
          pendingChanges);
      default -> new SafeChangeOutcome(bundle, probing("True"), 3L, "def", 3L, null,
          new SafeChangeOutcome.RolledBack(false, ConditionReason.NoRegression, ""), pendingChanges);
    };
  }

  private static ProbeStep probing(String verified) {
    ConditionStatus status = ConditionStatus.valueOf(verified);
    ConditionReason reason = switch (status) {
      case True -> ConditionReason.Verified;
      case False -> ConditionReason.ProbesFailed;
      case Unknown -> ConditionReason.Probing;
    };
    return new ProbeStep(List.of(), "def", "settings", new Verification(status, reason, "2 targets: " + reason.wire()),
        List.of(), Optional.empty());
  }

  private static Conflict conflict(ConflictEffect effect) {
    Conflict conflict = new Conflict();
    conflict.setKind("NetworkPolicy");
    conflict.setNamespace("daytona");
    conflict.setName("open-egress");
    conflict.setEffect(effect);
    conflict.setMessage("it allows egress to 0.0.0.0/0");
    return conflict;
  }

  /**
   * Each condition as "status reason" in the enums' constants: a reason the operator does not
   * define fails here, a changed word fails in {@code WireStringsTest}.
   */
  private static Map<String, String> conditions(SandboxEgressStatus status) {
    return status.getConditions().stream().collect(Collectors.toMap(Condition::getType,
        c -> ConditionStatus.valueOf(c.getStatus()) + " " + ConditionReason.fromWire(c.getReason())
            .orElseThrow(() -> new AssertionError("not a ConditionReason: " + c.getReason())),
        (a, b) -> a, java.util.LinkedHashMap::new));
  }

  private static Condition condition(SandboxEgressStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
