package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.number >= 1 && self.number <= 65535",
    message = "port number must be between 1 and 65535")
public class PortSpec {

  @Required
  @JsonPropertyDescription("The port, 1 to 65535. Required. Example: 443.")
  private Integer number;

  @Default("TCP")
  @JsonPropertyDescription("What is spoken on the port; it decides what Istio can see of the "
      + "destination: TLS (the host name in the SNI), HTTP (the Host header) or TCP (the address "
      + "only). Default: TCP. Example: TLS.")
  private Protocol protocol;

  public PortSpec() {}

  public PortSpec(int number, Protocol protocol) {
    this.number = number;
    this.protocol = protocol;
  }

  public Integer getNumber() {
    return number;
  }

  public void setNumber(Integer number) {
    this.number = number;
  }

  public Protocol getProtocol() {
    return protocol;
  }

  public void setProtocol(Protocol protocol) {
    this.protocol = protocol;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PortSpec other && Objects.equals(number, other.number)
        && protocol == other.protocol;
  }

  @Override
  public int hashCode() {
    return Objects.hash(number, protocol);
  }
}
