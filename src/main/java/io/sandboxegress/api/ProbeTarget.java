package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A URL probed from the sandbox's network identity, and what it is expected to be. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "isURL(self.url) && url(self.url).getScheme() in ['http', 'https', 'tcp'] && url(self.url).getHostname() != ''",
    message = "probe url must be absolute, with scheme http, https or tcp, e.g. https://pypi.org/simple/ or tcp://140.82.112.3:22")
@ValidationRule(value = "!isURL(self.url) || url(self.url).getScheme() != 'tcp' || url(self.url).getPort() != ''",
    message = "a tcp:// probe url needs a port, e.g. tcp://140.82.112.3:22")
public class ProbeTarget {

  @Required
  @Size(min = 1, max = 512)
  @JsonPropertyDescription("An absolute http://, https:// or tcp://host:port URL. Required. "
      + "Example: https://pypi.org/simple/.")
  private String url;

  @Default("Reachable")
  @JsonPropertyDescription("What the target should be from a sandbox: Reachable or Blocked; a "
      + "target that is not fails its verdict. Default: Reachable. Example: Blocked.")
  private Expectation expect;

  public ProbeTarget() {}

  public ProbeTarget(String url, Expectation expect) {
    this.url = url;
    this.expect = expect;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public Expectation getExpect() {
    return expect;
  }

  public void setExpect(Expectation expect) {
    this.expect = expect;
  }
}
