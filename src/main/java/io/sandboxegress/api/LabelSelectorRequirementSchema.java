package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Schema only: one {@code spec.podSelector.matchExpressions} entry, described (see {@link LabelSelectorSchema}). */
final class LabelSelectorRequirementSchema {

  @JsonPropertyDescription("The label key. Required in each expression. Example: tier.")
  public String key;

  @JsonPropertyDescription("How the key's value is compared: In, NotIn, Exists or DoesNotExist. "
      + "Required in each expression. Example: In.")
  public String operator;

  @JsonPropertyDescription("The values for In and NotIn; empty for Exists and DoesNotExist. "
      + "Default: none. Example: [untrusted, agents].")
  public List<String> values;

  private LabelSelectorRequirementSchema() {}
}
