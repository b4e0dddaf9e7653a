package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxEgressStatus {

  private Long observedGeneration;
  private Long revision;
  private Long lastGoodRevision;
  /** Fingerprint of the live revision's objects (what {@code probedBundle} must equal to verify it). */
  private String revisionBundle;
  /**
   * The spec generation whose change was rolled back after a regression: while
   * {@code metadata.generation} is still this one, the operator keeps the live revision and applies
   * nothing from the spec.
   */
  private Long rolledBackGeneration;
  private List<Condition> conditions = new ArrayList<>();
  private DataPlaneStatus dataPlane;
  private Integer matchedPods;
  private List<ResourceRef> resources;
  private List<ProbeStatus> probes;
  /** Fingerprint of the rendered objects the current {@code probes} were observed under. */
  private String probedBundle;
  private List<Conflict> conflicts;

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

  public List<Conflict> getConflicts() {
    return conflicts;
  }

  public void setConflicts(List<Conflict> conflicts) {
    this.conflicts = conflicts;
  }
}
