package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {

  @Default("true")
  private Boolean rollbackOnRegression;

  @Default("10")
  @Min(1)
  @Max(100)
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
