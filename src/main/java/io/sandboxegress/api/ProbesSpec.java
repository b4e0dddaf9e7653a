package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProbesSpec {

  @Default("300")
  @Min(30)
  @Max(86400)
  private Integer intervalSeconds;

  @Default("5")
  @Min(1)
  @Max(60)
  private Integer timeoutSeconds;

  /** Bounded: every result must fit in the probe pod's 4 KiB termination message. */
  @Size(max = 16)
  private List<ProbeTarget> targets;

  /** The identity probes run as when no sandbox pod is running to copy it from. */
  @Size(max = 253)
  private String serviceAccountName;

  /** The runtime class probes run with when no sandbox pod is running to copy it from. */
  @Size(max = 253)
  private String runtimeClassName;

  public Integer getIntervalSeconds() {
    return intervalSeconds;
  }

  public void setIntervalSeconds(Integer intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public String getRuntimeClassName() {
    return runtimeClassName;
  }

  public void setRuntimeClassName(String runtimeClassName) {
    this.runtimeClassName = runtimeClassName;
  }

  public List<ProbeTarget> getTargets() {
    return targets;
  }

  public void setTargets(List<ProbeTarget> targets) {
    this.targets = targets;
  }
}
