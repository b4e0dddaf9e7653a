package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.render.Bundle;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Safe change's decisions from status, live revision and probe results, without a cluster. */
class SafeChangeDecisionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # case                          | dryRun | live | liveBundle | rolledBackGen | rendered | decision
      first apply                     | false  | -    | -          | -             | aaa      | RecordThenApply
      unchanged                       | false  | 3    | aaa        | -             | aaa      | ApplyLive 3
      changed                         | false  | 3    | aaa        | -             | bbb      | RecordThenApply
      rollback holds this generation  | false  | 2    | aaa        | 7             | bbb      | HoldLive 2
      rollback held an older one      | false  | 2    | aaa        | 6             | bbb      | RecordThenApply
      dry run                         | true   | 3    | aaa        | -             | bbb      | CompareOnly
      """)
  void beforeApplying(String name, boolean dryRun, Long live, String liveBundle, Long rolledBackGeneration,
      String rendered, String decision) {
    SandboxEgressStatus status = new SandboxEgressStatus();
    status.setRevision(live);
    status.setRevisionBundle(liveBundle);
    status.setRolledBackGeneration(rolledBackGeneration);

    SafeChangeDecision.Before before = SafeChangeDecision.before(status, 7, rendered, dryRun);

    assertThat(describe(before)).isEqualTo(decision);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # case                                | verified | probed | lastGood | shown   | reachedBefore | lastGoodReached | rollback | decision
      still probing                         | Unknown  | bbb    | 2        | -       | -             | -               | true     | Wait
      results of an older bundle            | True     | aaa    | 2        | -       | -             | -               | true     | Wait
      verified for the first time           | True     | bbb    | 2        | -       | -             | -               | true     | Verified 3 mark
      verified again, same targets          | True     | bbb    | 3        | True    | pypi          | -               | true     | Verified 3
      verified again, reaches more now      | True     | bbb    | 3        | True    | -             | -               | true     | Verified 3 mark
      lost what the last good one reached   | False    | bbb    | 2        | -       | -             | pypi            | true     | RollBack 2 pypi
      lost it, rollback off                 | False    | bbb    | 2        | -       | -             | pypi            | false    | Failed mark pypi announce
      lost it, rollback off, reported       | False    | bbb    | 2        | False   | -             | pypi            | false    | Failed pypi
      failed, lost nothing it had           | False    | bbb    | 2        | -       | -             | -               | true     | Failed mark
      failed, never good                    | False    | bbb    | -        | -       | -             | -               | true     | Failed mark
      """)
  void afterTheProbes(String name, String verified, String probed, Long lastGood, String shown, String reachedBefore,
      String lastGoodReached, boolean rollback, String decision) {
    SandboxEgressStatus status = new SandboxEgressStatus();
    status.setRevision(3L);
    status.setRevisionBundle("bbb");
    status.setLastGoodRevision(lastGood);
    if (shown != null) {
      status.setProbedBundle("bbb");
      status.setProbes(reachedBefore == null ? List.of() : List.of(probe("https://" + reachedBefore + ".org/", "Pass")));
      status.setConditions(List.of(new ConditionBuilder().withType("Verified").withStatus(shown).build(),
          new ConditionBuilder().withType("RolledBack").withStatus("False")
              .withReason(("False".equals(shown) ? ConditionReason.RollbackDisabled : ConditionReason.NoRegression).wire())
              .build()));
    }
    LiveRevision live = new LiveRevision(new Bundle(List.of(), ""), "bbb", 3L, "bbb", false, null);
    ProbeStep probing = new ProbeStep(List.of(probe("https://pypi.org/", "True".equals(verified) ? "Pass" : "Fail")),
        probed, "settings", verification(verified), List.of(), Optional.empty());

    Optional<Long> compareWith = SafeChangeDecision.lastGoodToCompare(status, live, probing);
    Optional<List<String>> reached = compareWith.map(revision -> lastGoodReached == null ? List.<String>of()
        : List.of("https://" + lastGoodReached + ".org/"));
    SafeChangeDecision.After after = SafeChangeDecision.after(status, live, probing, reached, rollback);

    assertThat(describe(after)).isEqualTo(decision);
  }

  @Test
  void theStoreIsReadOnlyForAFailureAgainstAnEarlierGoodRevision() {
    SandboxEgressStatus status = new SandboxEgressStatus();
    status.setLastGoodRevision(2L);
    LiveRevision live = new LiveRevision(new Bundle(List.of(), ""), "bbb", 3L, "bbb", false, null);
    LiveRevision held = new LiveRevision(new Bundle(List.of(), ""), "bbb", 3L, "bbb", true, null);

    assertThat(SafeChangeDecision.lastGoodToCompare(status, live, step("False"))).contains(2L);
    assertThat(SafeChangeDecision.lastGoodToCompare(status, live, step("True"))).isEmpty();
    assertThat(SafeChangeDecision.lastGoodToCompare(status, live, step("Unknown"))).isEmpty();
    assertThat(SafeChangeDecision.lastGoodToCompare(status, held, step("False"))).isEmpty();
    status.setLastGoodRevision(3L);
    assertThat(SafeChangeDecision.lastGoodToCompare(status, live, step("False"))).isEmpty();
  }

  private static ProbeStep step(String verified) {
    return new ProbeStep(List.of(probe("https://pypi.org/", "Fail")), "bbb", "s", verification(verified),
        List.of(), Optional.empty());
  }

  private static Verification verification(String verified) {
    ConditionStatus status = ConditionStatus.valueOf(verified);
    return new Verification(status, switch (status) {
      case True -> ConditionReason.Verified;
      case False -> ConditionReason.ProbesFailed;
      case Unknown -> ConditionReason.Probing;
    }, "x");
  }

  private static ProbeStatus probe(String target, String verdict) {
    ProbeStatus probe = new ProbeStatus();
    probe.setTarget(target);
    probe.setExpect(io.sandboxegress.api.Expectation.Reachable);
    probe.setOutcome("Pass".equals(verdict) ? "Reachable" : "Blocked");
    probe.setVerdict(verdict);
    return probe;
  }

  private static String describe(SafeChangeDecision.Before before) {
    if (before instanceof SafeChangeDecision.HoldLive hold) {
      return "HoldLive " + hold.revision();
    }
    if (before instanceof SafeChangeDecision.ApplyLive live) {
      return "ApplyLive " + live.revision();
    }
    return before.getClass().getSimpleName();
  }

  private static String describe(SafeChangeDecision.After after) {
    if (after instanceof SafeChangeDecision.Verified verified) {
      return "Verified " + verified.revision() + (verified.mark() ? " mark" : "");
    }
    if (after instanceof SafeChangeDecision.RollBack rollBack) {
      return "RollBack " + rollBack.to() + " " + names(rollBack.failing());
    }
    if (after instanceof SafeChangeDecision.Failed failed) {
      return ("Failed" + (failed.mark() ? " mark" : "") + " " + names(failed.regression())
          + (failed.announce() ? " announce" : "")).trim();
    }
    return after.getClass().getSimpleName();
  }

  private static String names(List<ProbeStatus> probes) {
    return String.join(",", probes.stream().map(p -> p.getTarget().replace("https://", "").replace(".org/", ""))
        .toList());
  }
}
