package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
  @JsonPropertyDescription("Time between scheduled probe runs, 30 to 86400 seconds. Default: "
      + "300. Example: 600.")
  private Integer intervalSeconds;

  @Default("5")
  @Min(1)
  @Max(60)
  @JsonPropertyDescription("Time allowed for each target, all steps together (DNS, connect, TLS, "
      + "HTTP), 1 to 60 seconds. Default: 5. Example: 10.")
  private Integer timeoutSeconds;

  /** Bounded: every result must fit in the probe pod's 4 KiB termination message. */
  @Size(max = 16)
  @JsonPropertyDescription("The URLs probed, at most 16: every result must fit the probe pod's 4 "
      + "KiB termination message. Default: none. Example: [{url: "
      + "\"http://169.254.169.254/latest/meta-data/\", expect: Blocked}].")
  private List<ProbeTarget> targets;

  @Size(max = 253)
  @JsonPropertyDescription("The service account probe pods run as when no sandbox pod runs to "
      + "copy it from (a running sandbox's is used otherwise). Default: the namespace's default "
      + "service account. Example: daytona-sandbox.")
  private String serviceAccountName;

  @Size(max = 253)
  @JsonPropertyDescription("The runtime class probe pods run with when no sandbox pod runs to "
      + "copy it from (a running sandbox's is used otherwise). Default: the cluster's default "
      + "runtime. Example: gvisor.")
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
