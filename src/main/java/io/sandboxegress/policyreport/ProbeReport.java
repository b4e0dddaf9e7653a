package io.sandboxegress.policyreport;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.sandboxegress.api.Expectation;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.api.ProbeTarget;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.probepod.ProbeVerdicts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The content of a SandboxEgress's PolicyReport, from its status: one result per probe target.
 * Every probed target ({@code status.probes}) maps to pass, fail or error (the probe could not
 * tell); a target of the spec that has no verdict yet is a skip, so a report never looks complete
 * before the probes ran. Pure: the same status gives the same report, which is what lets the writer
 * skip unchanged reports.
 */
public record ProbeReport(ObjectReference scope, List<ReportResult> results, ReportSummary summary) {

  public static final String POLICY = "sandbox-egress";
  public static final String SOURCE = "sandbox-egress-operator";
  public static final String CATEGORY = "Egress";

  public static ProbeReport of(SandboxEgress cr, SandboxEgressStatus status) {
    List<ProbeStatus> probed = status == null || status.getProbes() == null ? List.of() : status.getProbes();
    List<ReportResult> results = new ArrayList<>();
    probed.forEach(probe -> results.add(verdict(probe)));
    Set<String> withVerdict = probed.stream().map(ProbeStatus::getTarget).collect(Collectors.toSet());
    for (ProbeTarget target : specTargets(cr)) {
      if (!withVerdict.contains(target.getUrl())) {
        results.add(notProbedYet(target));
      }
    }
    return new ProbeReport(scope(cr), List.copyOf(results), ReportSummary.of(results));
  }

  private static ReportResult verdict(ProbeStatus probe) {
    ReportOutcome result = ProbeVerdicts.passed(probe) ? ReportOutcome.Pass
        : ProbeVerdicts.couldNotTell(probe) ? ReportOutcome.Error : ReportOutcome.Fail;
    StringBuilder message = new StringBuilder("expected ").append(probe.getExpect())
        .append(", observed ").append(probe.getOutcome()).append(" (").append(probe.getReason()).append(")");
    if (probe.getDetail() != null && !probe.getDetail().isBlank()) {
      message.append(": ").append(probe.getDetail());
    }
    if (probe.getCause() != null && !probe.getCause().isBlank()) {
      message.append("; likely cause: ").append(probe.getCause());
    }
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("expect", String.valueOf(probe.getExpect()));
    properties.put("outcome", probe.getOutcome());
    properties.put("reason", probe.getReason());
    if (probe.getCause() != null && !probe.getCause().isBlank()) {
      properties.put("cause", probe.getCause());
    }
    properties.values().removeIf(Objects::isNull);
    return new ReportResult(POLICY, probe.getTarget(), result.wire(), message.toString(), SOURCE, CATEGORY,
        severity(probe.getExpect()), true, timestamp(probe.getCheckedAt()), Collections.unmodifiableMap(properties));
  }

  private static ReportResult notProbedYet(ProbeTarget target) {
    Expectation expect = target.getExpect() == null ? Expectation.Reachable : target.getExpect();
    return new ReportResult(POLICY, target.getUrl(), ReportOutcome.Skip.wire(), "expected " + expect + ", not probed yet", SOURCE,
        CATEGORY, severity(expect), true, null, Map.of("expect", expect.name()));
  }

  /** A target that must stay blocked but is reachable lets a sandbox out: that is the severe kind. */
  private static String severity(Expectation expect) {
    return expect == Expectation.Blocked ? "high" : "medium";
  }

  private static ReportResult.Timestamp timestamp(String checkedAt) {
    if (checkedAt == null || checkedAt.isBlank()) {
      return null;
    }
    Instant at = Instant.parse(checkedAt);
    return new ReportResult.Timestamp(at.getEpochSecond(), at.getNano());
  }

  private static List<ProbeTarget> specTargets(SandboxEgress cr) {
    return cr.getSpec() == null || cr.getSpec().getProbes() == null || cr.getSpec().getProbes().getTargets() == null
        ? List.of() : cr.getSpec().getProbes().getTargets();
  }

  private static ObjectReference scope(SandboxEgress cr) {
    return new ObjectReferenceBuilder().withApiVersion(SandboxEgress.API_VERSION).withKind(SandboxEgress.KIND)
        .withNamespace(cr.getMetadata().getNamespace()).withName(cr.getMetadata().getName())
        .withUid(cr.getMetadata().getUid()).build();
  }
}
