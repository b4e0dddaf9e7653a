package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Which data plane carries the policy, and what it can enforce. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataPlaneStatus {

  @JsonPropertyDescription("Enforced, or DryRun when nothing is applied. Example: Enforced.")
  private String networkPolicy;
  @JsonPropertyDescription("The Istio data plane: Sidecar, Ambient, NotInstalled, NotInMesh or "
      + "Off. Example: Sidecar.")
  private String istio;
  @JsonPropertyDescription("In words: where host names are enforced. Example: hosts enforced at "
      + "port level only (no mesh).")
  private String hostEnforcement;

  public DataPlaneStatus() {}

  public DataPlaneStatus(String networkPolicy, String istio, String hostEnforcement) {
    this.networkPolicy = networkPolicy;
    this.istio = istio;
    this.hostEnforcement = hostEnforcement;
  }

  public String getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(String networkPolicy) {
    this.networkPolicy = networkPolicy;
  }

  public String getIstio() {
    return istio;
  }

  public void setIstio(String istio) {
    this.istio = istio;
  }

  public String getHostEnforcement() {
    return hostEnforcement;
  }

  public void setHostEnforcement(String hostEnforcement) {
    this.hostEnforcement = hostEnforcement;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataPlaneStatus other && Objects.equals(networkPolicy, other.networkPolicy)
        && Objects.equals(istio, other.istio) && Objects.equals(hostEnforcement, other.hostEnforcement);
  }

  @Override
  public int hashCode() {
    return Objects.hash(networkPolicy, istio, hostEnforcement);
  }
}
