package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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
  @ValidationRule(value = "(has(self.matchLabels) && size(self.matchLabels) > 0) || (has(self.matchExpressions) && size(self.matchExpressions) > 0)",
      message = "podSelector must not be empty: an empty selector selects every pod in the namespace; name the sandbox pods' labels in matchLabels")
  private LabelSelector podSelector;

  @Default("AllowList")
  private Policy policy;

  @Size(max = 100)
  private List<AllowRule> allow;

  private IstioSpec istio;

  private ProbesSpec probes;

  @Default("Enforce")
  private Enforcement enforcement;

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
