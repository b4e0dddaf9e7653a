package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxEgressStatus {

  @JsonPropertyDescription("The metadata.generation this status describes. Example: 4.")
  private Long observedGeneration;
  @JsonPropertyDescription("The live revision: ControllerRevision sandbox-egress-NAME-rN holds "
      + "the objects in the cluster. Example: 7.")
  private Long revision;
  @JsonPropertyDescription("The last revision the probes verified; a regression rolls back to "
      + "it. Example: 6.")
  private Long lastGoodRevision;
  @JsonPropertyDescription("Fingerprint of the live revision's objects; probedBundle must equal "
      + "it for the probes to verify it. Example: fa5b431e.")
  private String revisionBundle;
  @JsonPropertyDescription("Set while a rollback holds: the spec generation that was rolled "
      + "back. While metadata.generation is still this one, the operator keeps the live revision "
      + "and applies nothing from the spec. Example: 3.")
  private Long rolledBackGeneration;
  @JsonPropertyDescription("kstatus conditions, each with observedGeneration: Ready, Applied, "
      + "Verified, Stalled and RolledBack. Example: [{type: Ready, status: \"True\", reason: "
      + "Applied, message: \"4 objects applied; 2/2 probes as expected\"}].")
  @SchemaFrom(type = ConditionSchema[].class)
  private List<Condition> conditions = new ArrayList<>();
  @JsonPropertyDescription("Which data plane carries the policy and what it can enforce. "
      + "Example: {networkPolicy: Enforced, istio: Sidecar, hostEnforcement: \"hosts enforced by "
      + "the Istio sidecar (REGISTRY_ONLY)\"}.")
  private DataPlaneStatus dataPlane;
  @JsonPropertyDescription("How many pods the podSelector selects (probe pods not counted). 0 "
      + "means the policy protects no pod yet: check the labels if sandboxes should be running. "
      + "Example: 12.")
  private Integer matchedPods;
  @JsonPropertyDescription("The objects the operator owns for this SandboxEgress (in DryRun, the "
      + "ones it would apply). Example: [{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, "
      + "name: sandbox-egress-agents}].")
  private List<ResourceRef> resources;
  @JsonPropertyDescription("The last result of each probe target. Example: [{target: "
      + "\"https://pypi.org/simple/\", expect: Reachable, outcome: Reachable, reason: "
      + "HttpResponse, verdict: Pass}].")
  private List<ProbeStatus> probes;
  @JsonPropertyDescription("Fingerprint of the objects the current probes were observed under. "
      + "Example: fa5b431e.")
  private String probedBundle;
  @JsonPropertyDescription("Fingerprint of the probe settings (spec.probes: targets, timeout,"
      + " interval, identity) the current probes were taken with; when they change, the probes run"
      + " again. Example: 3c9a01d2.")
  private String probedSettings;
  @JsonPropertyDescription("Other objects in the cluster that undermine this policy, each with "
      + "what to do about it. Example: [{kind: AuthorizationPolicy, namespace: daytona, name: "
      + "deny-all, message: \"DENY policy selects the same pods; DENY wins over ALLOW\"}].")
  private List<Conflict> conflicts;
  @JsonPropertyDescription("How many objects are in conflicts (the CONFLICTS column of kubectl get);"
      + " absent when there are none. Example: 2.")
  private Integer conflictCount;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Long getRevision() {
    return revision;
  }

  public void setRevision(Long revision) {
    this.revision = revision;
  }

  public Long getLastGoodRevision() {
    return lastGoodRevision;
  }

  public void setLastGoodRevision(Long lastGoodRevision) {
    this.lastGoodRevision = lastGoodRevision;
  }

  public String getRevisionBundle() {
    return revisionBundle;
  }

  public void setRevisionBundle(String revisionBundle) {
    this.revisionBundle = revisionBundle;
  }

  public Long getRolledBackGeneration() {
    return rolledBackGeneration;
  }

  public void setRolledBackGeneration(Long rolledBackGeneration) {
    this.rolledBackGeneration = rolledBackGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public DataPlaneStatus getDataPlane() {
    return dataPlane;
  }

  public void setDataPlane(DataPlaneStatus dataPlane) {
    this.dataPlane = dataPlane;
  }

  public Integer getMatchedPods() {
    return matchedPods;
  }

  public void setMatchedPods(Integer matchedPods) {
    this.matchedPods = matchedPods;
  }

  public List<ResourceRef> getResources() {
    return resources;
  }

  public void setResources(List<ResourceRef> resources) {
    this.resources = resources;
  }

  public List<ProbeStatus> getProbes() {
    return probes;
  }

  public void setProbes(List<ProbeStatus> probes) {
    this.probes = probes;
  }

  public String getProbedBundle() {
    return probedBundle;
  }

  public void setProbedBundle(String probedBundle) {
    this.probedBundle = probedBundle;
  }

  public String getProbedSettings() {
    return probedSettings;
  }

  public void setProbedSettings(String probedSettings) {
    this.probedSettings = probedSettings;
  }

  public List<Conflict> getConflicts() {
    return conflicts;
  }

  public void setConflicts(List<Conflict> conflicts) {
    this.conflicts = conflicts;
  }

  public Integer getConflictCount() {
    return conflictCount;
  }

  public void setConflictCount(Integer conflictCount) {
    this.conflictCount = conflictCount;
  }
}
