package io.sandboxegress.plan;

import java.util.Map;

/** An Istio egress gateway that allowed hosts are routed through. */
public record EgressGateway(String namespace, Map<String, String> selector) {

  public EgressGateway {
    selector = Map.copyOf(selector);
  }
}
