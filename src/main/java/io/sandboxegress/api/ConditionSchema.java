package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Schema only: how the CRD describes one {@code status.conditions} entry. The field itself is
 * fabric8's {@code Condition}, whose generated model carries no descriptions; this class has the
 * same shape with descriptions.
 */
final class ConditionSchema {

  @JsonPropertyDescription("The condition: Ready, Applied, Verified, Stalled (the spec cannot be "
      + "carried out) or RolledBack. Example: Ready.")
  public String type;

  @JsonPropertyDescription("True, False or Unknown. Example: \"True\".")
  public String status;

  @JsonPropertyDescription("Why, in one CamelCase word. Example: ProbesFailed.")
  public String reason;

  @JsonPropertyDescription("What happened in words and, when something is wrong, the fix. "
      + "Example: 4 objects applied; 2/2 probes as expected.")
  public String message;

  @JsonPropertyDescription("When status last changed, RFC 3339. Example: 2025-01-31T12:00:00Z.")
  public String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation this condition was decided for. Example: 4.")
  public Long observedGeneration;

  private ConditionSchema() {}
}
