package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.api.Expectation;
import io.sandboxegress.backend.ObjectChanges;
import io.sandboxegress.compile.IstioStatus;
import io.sandboxegress.compile.RefusalReason;
import io.sandboxegress.policyreport.ReportOutcome;
import io.sandboxegress.policyreport.ReportWarning;
import io.sandboxegress.probe.ProbeOutcome;
import io.sandboxegress.probe.ProbeReason;
import io.sandboxegress.probepod.ProbeVerdict;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The words the operator writes into status, Events, metrics and PolicyReports, spelled out once
 * here: users, kstatus, Argo CD health checks, alerts and dashboards match on them, so renaming a
 * constant or changing its word must fail a test. A new constant fails here too until its word is
 * added.
 */
class WireStringsTest {

  @Test
  void conditionReasons() {
    assertThat(words(ConditionReason.values(), ConditionReason::wire)).containsExactlyEntriesOf(ordered(
        "Applied", "Applied",
        "DryRun", "DryRun",
        "ApplyFailed", "ApplyFailed",
        "ProtectedNamespace", "ProtectedNamespace",
        "InvalidSpec", "InvalidSpec",
        "UnsupportedDataPlane", "UnsupportedDataPlane",
        "NoPodsMatched", "NoPodsMatched",
        "Regressed", "Regressed",
        "ConflictUndefined", "ConflictUndefined",
        "ConflictOverrides", "ConflictOverrides",
        "ConflictWidens", "ConflictWidens",
        "NoProbeTargets", "NoProbeTargets",
        "ProbePodRejected", "ProbePodRejected",
        "Probing", "Probing",
        "Verified", "Verified",
        "ProbesFailed", "ProbesFailed",
        "RolledBack", "RolledBack",
        "Regression", "Regression",
        "RollbackDisabled", "RollbackDisabled",
        "NoRegression", "NoRegression"));
    for (ConditionReason reason : ConditionReason.values()) {
      assertThat(ConditionReason.fromWire(reason.wire())).contains(reason);
    }
    assertThat(ConditionReason.fromWire("applied")).isEmpty();
  }

  @Test
  void conditionStatuses() {
    assertThat(words(ConditionStatus.values(), ConditionStatus::wire)).containsExactlyEntriesOf(ordered(
        "True", "True", "False", "False", "Unknown", "Unknown"));
  }

  @Test
  void aRefusalKeepsItsWordAsAConditionReason() {
    assertThat(words(RefusalReason.values(), RefusalReason::wire)).containsExactlyEntriesOf(ordered(
        "ProtectedNamespace", "ProtectedNamespace",
        "InvalidSpec", "InvalidSpec",
        "UnsupportedDataPlane", "UnsupportedDataPlane"));
    for (RefusalReason reason : RefusalReason.values()) {
      assertThat(ConditionReason.refused(reason).wire()).isEqualTo(reason.wire());
    }
  }

  @Test
  void eventReasons() {
    assertThat(words(EventReason.values(), EventReason::wire)).containsExactlyEntriesOf(ordered(
        "Created", "Created",
        "Updated", "Updated",
        "Deleted", "Deleted",
        "Repaired", "Repaired",
        "DryRun", "DryRun",
        "ApplyFailed", "ApplyFailed",
        "ProtectedNamespace", "ProtectedNamespace",
        "InvalidSpec", "InvalidSpec",
        "UnsupportedDataPlane", "UnsupportedDataPlane",
        "NoPodsMatched", "NoPodsMatched",
        "ConflictDetected", "ConflictDetected",
        "ProbePassed", "ProbePassed",
        "ProbeFailed", "ProbeFailed",
        "RolledBack", "RolledBack",
        "Regression", "Regression",
        "PolicyReportCrdMissing", "PolicyReportCrdMissing"));
  }

  /** An Event that reports a condition's reason says that reason's word, and only those do. */
  @Test
  void anEventReasonThatIsAConditionReasonTakesItsWord() {
    Map<String, String> conditions = new LinkedHashMap<>();
    for (EventReason reason : EventReason.values()) {
      reason.condition().ifPresent(condition -> conditions.put(reason.name(), condition.name()));
    }
    assertThat(conditions).containsExactlyEntriesOf(ordered(
        "DryRun", "DryRun",
        "ApplyFailed", "ApplyFailed",
        "ProtectedNamespace", "ProtectedNamespace",
        "InvalidSpec", "InvalidSpec",
        "UnsupportedDataPlane", "UnsupportedDataPlane",
        "NoPodsMatched", "NoPodsMatched",
        "RolledBack", "RolledBack",
        "Regression", "Regression"));
    for (EventReason reason : EventReason.values()) {
      reason.condition().ifPresent(condition -> assertThat(reason.wire()).isEqualTo(condition.wire()));
    }
    for (RefusalReason reason : RefusalReason.values()) {
      assertThat(EventReason.refused(reason).wire()).isEqualTo(reason.wire());
      assertThat(EventReason.refused(reason).condition()).contains(ConditionReason.refused(reason));
    }
  }

  /** The Event of an apply is named after the action, as the applies metric's label is. */
  @Test
  void appliedObjectsAndPolicyReportWarningsMapToTheirEventReasons() {
    assertThat(words(ObjectChanges.Action.values(), action -> EventReason.of(action).wire()))
        .containsExactlyEntriesOf(ordered("Created", "Created", "Updated", "Updated", "Deleted", "Deleted"));
    assertThat(words(ReportWarning.values(), warning -> EventReason.of(warning).wire()))
        .containsExactlyEntriesOf(ordered("CrdMissing", "PolicyReportCrdMissing"));
  }

  @Test
  void istioStatuses() {
    assertThat(words(IstioStatus.values(), IstioStatus::wire)).containsExactlyEntriesOf(ordered(
        "Sidecar", "Sidecar",
        "Ambient", "Ambient",
        "NotInMesh", "NotInMesh",
        "NotInstalled", "NotInstalled",
        "Off", "Off"));
  }

  @Test
  void probeOutcomesVerdictsAndReasons() {
    assertThat(words(ProbeOutcome.values(), ProbeOutcome::wire)).containsExactlyEntriesOf(ordered(
        "Reachable", "Reachable", "Blocked", "Blocked", "Error", "Error"));
    assertThat(words(ProbeVerdict.values(), ProbeVerdict::wire)).containsExactlyEntriesOf(ordered(
        "Pass", "Pass", "Fail", "Fail"));
    assertThat(Arrays.stream(ProbeReason.values()).map(ProbeReason::wire)).containsExactly(
        "HttpResponse", "TlsHandshakeOk", "TcpConnected", "DnsFailure", "ConnectTimeout", "ConnectionRefused",
        "ConnectionReset", "TlsHandshakeReset", "EnvoyRbacDenied", "EnvoyBlackhole", "EnvoyLocalReply",
        "ProbeError");
    // the expectation's words are the outcome's: a verdict compares the two
    for (Expectation expect : Expectation.values()) {
      assertThat(ProbeOutcome.fromWire(expect.name())).isPresent();
    }
  }

  @Test
  void verdictIsPassExactlyWhenTheOutcomeIsTheExpectedOne() {
    assertThat(ProbeVerdict.of(Expectation.Reachable, ProbeOutcome.Reachable)).isEqualTo(ProbeVerdict.Pass);
    assertThat(ProbeVerdict.of(Expectation.Reachable, ProbeOutcome.Blocked)).isEqualTo(ProbeVerdict.Fail);
    assertThat(ProbeVerdict.of(Expectation.Reachable, ProbeOutcome.Error)).isEqualTo(ProbeVerdict.Fail);
    assertThat(ProbeVerdict.of(Expectation.Blocked, ProbeOutcome.Blocked)).isEqualTo(ProbeVerdict.Pass);
    assertThat(ProbeVerdict.of(Expectation.Blocked, ProbeOutcome.Reachable)).isEqualTo(ProbeVerdict.Fail);
    assertThat(ProbeVerdict.of(Expectation.Blocked, ProbeOutcome.Error)).isEqualTo(ProbeVerdict.Fail);
  }

  @Test
  void policyReportResults() {
    assertThat(words(ReportOutcome.values(), ReportOutcome::wire)).containsExactlyEntriesOf(ordered(
        "Pass", "pass", "Fail", "fail", "Error", "error", "Skip", "skip"));
  }

  private static <E extends Enum<E>> Map<String, String> words(E[] constants, Function<E, String> wire) {
    return Arrays.stream(constants).collect(Collectors.toMap(Enum::name, wire, (a, b) -> a, LinkedHashMap::new));
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
