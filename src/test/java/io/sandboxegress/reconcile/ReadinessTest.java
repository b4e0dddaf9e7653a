package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ready and Stalled, from every combination that matters, decided in one place. */
class ReadinessTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # case                           | dryRun | verified | pods | held  | regressed | conflicts                 | ready | reason            | stalled | stalledReason
      verified, pods                   | false  | True     | 3    | false | false     |                           | true  | Applied           | false   | Applied
      verified, no pods                | false  | True     | 0    | false | false     |                           | true  | NoPodsMatched     | false   | Applied
      dry run, no pods                 | true   | True     | 0    | false | false     |                           | true  | DryRun            | false   | DryRun
      probing                          | false  | Unknown  | 3    | false | false     |                           | false | Probing           | false   | Applied
      probes failed                    | false  | False    | 3    | false | false     |                           | false | ProbesFailed      | false   | Applied
      advice only                      | false  | True     | 3    | false | false     | Advice                    | true  | Applied           | false   | Applied
      widening NetworkPolicy           | false  | True     | 3    | false | false     | Advice Widens             | false | ConflictWidens    | true    | ConflictWidens
      second Sidecar                   | false  | True     | 3    | false | false     | Widens Undefined          | false | ConflictUndefined | true    | ConflictUndefined
      mesh setting overrides           | false  | True     | 3    | false | false     | Widens Overrides          | false | ConflictOverrides | true    | ConflictOverrides
      conflict before failed probes    | false  | False    | 3    | false | false     | Widens                    | false | ConflictWidens    | true    | ConflictWidens
      conflict in dry run              | true   | True     | 3    | false | false     | Undefined                 | false | ConflictUndefined | true    | ConflictUndefined
      rollback holds over conflicts    | false  | True     | 3    | true  | false     | Undefined                 | false | RolledBack        | true    | RolledBack
      regressed, rollback off          | false  | False    | 3    | false | true      | Widens                    | false | Regressed         | false   | Applied
      """)
  void decides(String name, boolean dryRun, ConditionStatus verified, int pods, boolean held, boolean regressed,
      String conflicts, boolean ready, ConditionReason reason, boolean stalled, ConditionReason stalledReason) {
    Verification verification = new Verification(verified, switch (verified) {
      case True -> ConditionReason.Verified;
      case False -> ConditionReason.ProbesFailed;
      case Unknown -> ConditionReason.Probing;
    }, "summary of probes");

    Readiness.Decision decision = Readiness.applied(new Readiness.Applied("3 objects applied", dryRun,
        verification, pods, held, regressed, "rolled back to revision 2", conflicts(conflicts)));

    assertThat(decision.ready()).isEqualTo(ready);
    assertThat(decision.reason()).isEqualTo(reason);
    assertThat(decision.stalled()).isEqualTo(stalled);
    assertThat(decision.stalledReason()).isEqualTo(stalledReason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      Widens    | NetworkPolicy daytona/c1 widens it
      Undefined | Sidecar daytona/c1 makes it undefined
      Overrides | ConfigMap daytona/c1 decides instead of it
      """)
  void aConflictThatUnderminesTheSpecIsNamedInReadyAndStalled(ConflictEffect effect, String named) {
    Conflict conflict = conflict(effect, 1);
    conflict.setKind(named.substring(0, named.indexOf(' ')));

    Readiness.Decision decision = Readiness.applied(new Readiness.Applied("3 objects applied", false,
        new Verification(ConditionStatus.True, ConditionReason.Verified, "2/2"), 3, false, false, "", List.of(conflict)));

    assertThat(decision.message()).startsWith("the outcome is not what the spec asks: " + named)
        .endsWith("; 3 objects applied");
    assertThat(decision.stalledMessage()).contains(named).contains("status.conflicts");
  }

  @org.junit.jupiter.api.Test
  void refusedSpecsAreStalledAndFailedAppliesAreNot() {
    assertThat(Readiness.refused(ConditionReason.InvalidSpec, "spec.allow[0]: bad"))
        .isEqualTo(new Readiness.Decision(false, ConditionReason.InvalidSpec, "spec.allow[0]: bad", true,
            ConditionReason.InvalidSpec,
            "spec.allow[0]: bad"));
    assertThat(Readiness.applyFailed("timeout"))
        .isEqualTo(new Readiness.Decision(false, ConditionReason.ApplyFailed, "timeout", false,
            ConditionReason.ApplyFailed, ""));
  }

  private static List<Conflict> conflicts(String effects) {
    List<Conflict> conflicts = new ArrayList<>();
    if (effects == null) {
      return conflicts;
    }
    int i = 0;
    for (String effect : effects.trim().split(" +")) {
      conflicts.add(conflict(ConflictEffect.valueOf(effect), ++i));
    }
    return conflicts;
  }

  private static Conflict conflict(ConflictEffect effect, int n) {
    Conflict conflict = new Conflict();
    conflict.setKind("NetworkPolicy");
    conflict.setNamespace("daytona");
    conflict.setName("c" + n);
    conflict.setEffect(effect);
    conflict.setMessage("message " + n);
    return conflict;
  }
}
