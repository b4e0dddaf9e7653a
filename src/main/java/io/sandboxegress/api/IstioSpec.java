package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IstioSpec {

  @Default("Auto")
  @JsonPropertyDescription("The Istio data plane to render for: Auto (from the namespace's "
      + "labels: istio.io/dataplane-mode=ambient is Ambient, istio-injection=enabled or "
      + "istio.io/rev is Sidecar, else no mesh), Sidecar, Ambient, or Off (NetworkPolicy only: "
      + "hosts are then enforced at port level). Default: Auto. Example: Sidecar.")
  private IstioMode mode;

  @JsonPropertyDescription("An Istio egress gateway that allowed hosts are routed through "
      + "(sidecar data plane): the NetworkPolicy lets host traffic reach only the gateway pods, "
      + "and an ALLOW AuthorizationPolicy on the gateway lets this namespace reach exactly its "
      + "hosts. Give sandboxes a gateway of their own. Default: none (hosts leave from the "
      + "sidecar). Example: {namespace: istio-system, selector: {istio: egressgateway}}.")
  private EgressGatewaySpec egressGateway;

  public IstioMode getMode() {
    return mode;
  }

  public void setMode(IstioMode mode) {
    this.mode = mode;
  }

  public EgressGatewaySpec getEgressGateway() {
    return egressGateway;
  }

  public void setEgressGateway(EgressGatewaySpec egressGateway) {
    this.egressGateway = egressGateway;
  }
}
