package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.policy) || self.policy != 'DenyAll' || !has(self.allow) || size(self.allow) == 0",
    message = "policy DenyAll allows nothing: remove spec.allow, or use policy AllowList", fieldPath = ".allow")
public class SandboxEgressSpec {

  @Required
  @SchemaFrom(type = LabelSelectorSchema.class)
  @ValidationRule(value = "(has(self.matchLabels) && size(self.matchLabels) > 0) || (has(self.matchExpressions) && size(self.matchExpressions) > 0)",
      message = "podSelector must not be empty: an empty selector selects every pod in the namespace; name the sandbox pods' labels in matchLabels")
  @JsonPropertyDescription("The labels of the sandbox pods this policy applies to: a standard "
      + "label selector that must not be empty (an empty one would select every pod in the "
      + "namespace). Probe pods are never counted. Required. Example: {matchLabels: {app: "
      + "daytona-sandbox}}.")
  private LabelSelector podSelector;

  @Default("AllowList")
  @JsonPropertyDescription("How much of the network the sandboxes may reach: AllowList (only the "
      + "destinations in allow), AllowInternet (the public internet; private, link-local and "
      + "cloud metadata, CGNAT, loopback and the cluster's pod and service ranges stay blocked) "
      + "or DenyAll (cluster DNS only, plus the mesh control plane). Default: AllowList. "
      + "Example: AllowInternet.")
  private Policy policy;

  @Size(max = 100)
  @JsonPropertyDescription("The destinations AllowList allows, each a host or a cidr rule, at "
      + "most 100 (cidr rules also add to AllowInternet, e.g. a private block). Refused with "
      + "DenyAll. Default: none: AllowList without rules reaches only cluster DNS. Example: "
      + "[{host: pypi.org}, {cidr: 140.82.112.0/20, ports: [{number: 22, protocol: TCP}]}].")
  private List<AllowRule> allow;

  @JsonPropertyDescription("How Istio carries the policy: the data plane rendered for, and an "
      + "optional egress gateway. Default: mode Auto, no egress gateway. Example: {mode: "
      + "Sidecar, egressGateway: {namespace: istio-system, selector: {istio: egressgateway}}}.")
  private IstioSpec istio;

  @JsonPropertyDescription("Connectivity probes, run from a pod with the sandboxes' network "
      + "identity after every change the operator applies, after every change of these settings "
      + "and every intervalSeconds; their verdicts make the Verified condition. Default: no "
      + "targets (nothing probed; Verified is True with reason NoProbeTargets). Example: "
      + "{intervalSeconds: 300, timeoutSeconds: 5, targets: [{url: \"https://pypi.org/simple/\", "
      + "expect: Reachable}]}.")
  private ProbesSpec probes;

  @Default("Enforce")
  @JsonPropertyDescription("Enforce applies the rendered objects; DryRun renders and reports "
      + "them (status.resources, and what applying would change against the live revision) and "
      + "applies nothing. Default: Enforce. Example: DryRun.")
  private Enforcement enforcement;

  @JsonPropertyDescription("Safe change: each change is recorded as a ControllerRevision before "
      + "it is applied, and verified by the probes after. Default: rollbackOnRegression true, "
      + "historyLimit 10. Example: {rollbackOnRegression: true, historyLimit: 20}.")
  private RolloutSpec rollout;

  public LabelSelector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(LabelSelector podSelector) {
    this.podSelector = podSelector;
  }

  public Policy getPolicy() {
    return policy;
  }

  public void setPolicy(Policy policy) {
    this.policy = policy;
  }

  public List<AllowRule> getAllow() {
    return allow;
  }

  public void setAllow(List<AllowRule> allow) {
    this.allow = allow;
  }

  public IstioSpec getIstio() {
    return istio;
  }

  public void setIstio(IstioSpec istio) {
    this.istio = istio;
  }

  public ProbesSpec getProbes() {
    return probes;
  }

  public void setProbes(ProbesSpec probes) {
    this.probes = probes;
  }

  public Enforcement getEnforcement() {
    return enforcement;
  }

  public void setEnforcement(Enforcement enforcement) {
    this.enforcement = enforcement;
  }

  public RolloutSpec getRollout() {
    return rollout;
  }

  public void setRollout(RolloutSpec rollout) {
    this.rollout = rollout;
  }
}
