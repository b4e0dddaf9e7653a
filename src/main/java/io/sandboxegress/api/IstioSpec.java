package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IstioSpec {

  @Default("Auto")
  private IstioMode mode;

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
