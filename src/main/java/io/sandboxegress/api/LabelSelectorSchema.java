package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * Schema only: how the CRD describes {@code spec.podSelector}. The field itself is fabric8's
 * {@code LabelSelector}, whose generated model carries no descriptions, so {@code kubectl explain}
 * would show none; this class has the same shape with descriptions.
 */
final class LabelSelectorSchema {

  @JsonPropertyDescription("Labels a sandbox pod must all carry. Default: none. Example: {app: "
      + "daytona-sandbox}.")
  public Map<String, String> matchLabels;

  @JsonPropertyDescription("Set-based requirements a sandbox pod must all meet. Istio objects "
      + "take plain labels only, so these need istio.mode: Off (the SandboxEgress is Stalled "
      + "otherwise). Default: none. Example: [{key: tier, operator: In, values: [untrusted]}].")
  public List<LabelSelectorRequirementSchema> matchExpressions;

  private LabelSelectorSchema() {}
}
