package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** An Istio egress gateway that allowed hosts are routed through. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EgressGatewaySpec {

  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription("The egress gateway's namespace. Required. Example: istio-system.")
  private String namespace;

  @Required
  @ValidationRule(value = "size(self) > 0",
      message = "egressGateway.selector must name the gateway pods' labels, e.g. {istio: egressgateway}")
  @JsonPropertyDescription("Labels of the egress gateway pods; not empty. Required. Example: "
      + "{istio: egressgateway}.")
  private Map<String, String> selector;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Map<String, String> getSelector() {
    return selector;
  }

  public void setSelector(Map<String, String> selector) {
    this.selector = selector;
  }
}
