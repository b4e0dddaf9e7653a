package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {

  @Default("true")
  @JsonPropertyDescription("Re-apply the last good revision when a change blocks a target that "
      + "was Reachable and expected so, and leave the spec alone until it changes again. "
      + "Default: true. Example: false.")
  private Boolean rollbackOnRegression;

  @Default("10")
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("How many revisions are kept as ControllerRevisions, 1 to 100. "
      + "Default: 10. Example: 20.")
  private Integer historyLimit;

  public Boolean getRollbackOnRegression() {
    return rollbackOnRegression;
  }

  public void setRollbackOnRegression(Boolean rollbackOnRegression) {
    this.rollbackOnRegression = rollbackOnRegression;
  }

  public Integer getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(Integer historyLimit) {
    this.historyLimit = historyLimit;
  }
}
