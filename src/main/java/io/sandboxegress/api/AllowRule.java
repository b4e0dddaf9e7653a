package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One allowed destination: a DNS host (exact, or one leading "*.") or an IP block with ports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.host) != has(self.cidr)",
    message = "each allow rule names exactly one of host or cidr")
@ValidationRule(value = "!has(self.host) || self.host != '*'",
    message = "host '*' would allow every destination: use policy AllowInternet instead")
@ValidationRule(value = "!has(self.host) || self.host == '*' || self.host.matches('" + AllowRule.HOST_PATTERN + "')",
    message = "host must be a lower-case DNS name like pypi.org, or one leading wildcard label like *.githubusercontent.com")
@ValidationRule(value = "!has(self.cidr) || isCIDR(self.cidr)",
    message = "cidr must be an IPv4 or IPv6 block such as 140.82.112.0/20 or 2606:50c0::/32")
@ValidationRule(value = "!has(self.cidr) || !isCIDR(self.cidr) || string(cidr(self.cidr).masked()) == self.cidr",
    message = "cidr must be written in canonical form, without host bits (10.40.0.0/16, not 10.40.1.2/16)")
@ValidationRule(value = "!has(self.cidr) || (has(self.ports) && size(self.ports) > 0)",
    message = "a cidr rule needs ports: list the ports the sandboxes may reach in this block")
@ValidationRule(value = AllowRule.NOT_PRIVATE + AllowRule.CLUSTER_DOMAINS + AllowRule.UNDER
    + " || " + AllowRule.CLUSTER_NAMES + AllowRule.NAMED + ")",
    message = "host names the cluster's own Services (cluster.local, *.svc, kubernetes.default):"
        + " sandboxes do not reach the cluster by name; add private: true if this is on purpose")
@ValidationRule(value = AllowRule.NOT_PRIVATE + AllowRule.LOOPBACK_DOMAINS + AllowRule.UNDER
    + " || " + AllowRule.LOOPBACK_NAMES + AllowRule.NAMED + ")",
    message = "host names localhost, which reaches the pod or node itself; add private: true if"
        + " this is on purpose")
@ValidationRule(value = AllowRule.NOT_PRIVATE + AllowRule.METADATA_NAMES + AllowRule.NAMED + ")",
    message = "host names or covers a cloud metadata server (metadata.google.internal and the"
        + " like), which hands out the node's credentials; list the exact hosts you need, or add"
        + " private: true if this is on purpose")
@ValidationRule(value = AllowRule.NOT_PRIVATE + AllowRule.PRIVATE_USE_DOMAINS + AllowRule.UNDER + ")",
    message = "host is under a private-use domain (.internal, .local, home.arpa) that never leads"
        + " to the public internet; add private: true if this is on purpose")
public class AllowRule {

  /*
   * Names that lead inside, as CEL list literals: plan.InsideNames is the one list, with the
   * reason for each name; a test keeps these equal to it. Annotations take constants only.
   */
  static final String CLUSTER_DOMAINS = "['cluster.local', 'svc']";
  static final String CLUSTER_NAMES = "['kubernetes.default']";
  static final String LOOPBACK_DOMAINS = "['localhost']";
  static final String LOOPBACK_NAMES = "['localhost.localdomain']";
  static final String METADATA_NAMES = "['metadata.google.internal', 'metadata.goog',"
      + " 'instance-data.ec2.internal', 'metadata.tencentyun.com', 'api.metadata.cloud.ibm.com',"
      + " 'metadata.platformequinix.com', 'metadata.packet.net']";
  static final String PRIVATE_USE_DOMAINS = "['internal', 'local', 'home.arpa']";

  /** A host rule that does not say private: true, and ... */
  static final String NOT_PRIVATE =
      "!has(self.host) || (has(self.private) && self.private) || !(";
  /** ... the host is one of the domains, under one, or a wildcard that covers one ... */
  static final String UNDER = ".exists(d, self.host == d || self.host.endsWith('.' + d)"
      + " || (self.host.startsWith('*.') && d.endsWith(self.host.substring(1))))";
  /** ... the host is one of the names, or a wildcard that covers one. */
  static final String NAMED = ".exists(n, self.host == n"
      + " || (self.host.startsWith('*.') && n.endsWith(self.host.substring(1))))";

  /** An exact lower-case DNS name, or one leading wildcard label. The last label starts with a letter. */
  public static final String HOST_PATTERN =
      "^([*][.])?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?[.])+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

  @Size(max = 253)
  @JsonPropertyDescription("An exact lower-case DNS name, or one leading wildcard label "
      + "(*.example.com: the names under example.com, not example.com itself). Give host or "
      + "cidr, not both. Default: none. Example: \"*.githubusercontent.com\".")
  private String host;

  @Size(max = 43)
  @JsonPropertyDescription("An IPv4 or IPv6 block in canonical form (no host bits), with ports. "
      + "A block inside a private, link-local, CGNAT or cluster range also needs private: true. "
      + "Give host or cidr, not both. Default: none. Example: 140.82.112.0/20.")
  private String cidr;

  @JsonProperty("private")
  @JsonPropertyDescription("Says on purpose that this rule leads inside. On a cidr rule: it opens "
      + "a private range (RFC 1918, unique-local IPv6, CGNAT, the cluster's pod or service "
      + "ranges), the block it names and never the metadata, private or cluster ranges strictly "
      + "inside it. On a host rule: it allows a name that leads inside (the cluster domain, "
      + "*.svc, localhost, a cloud metadata name, .internal, .local); the NetworkPolicy still "
      + "opens hosts only on the public internet, so the name's addresses also need a cidr rule "
      + "with private: true, and such a host cannot go through an egress gateway. "
      + "Default: false. Example: true.")
  private Boolean privateRange;

  @Size(max = 16)
  @JsonPropertyDescription("The ports allowed to this destination, at most 16. Default for a "
      + "host: 443/TLS and 80/HTTP; a cidr rule must list them. Example: [{number: 443, "
      + "protocol: TLS}].")
  private List<PortSpec> ports;

  public static AllowRule host(String host, PortSpec... ports) {
    AllowRule rule = new AllowRule();
    rule.setHost(host);
    rule.setPorts(ports.length == 0 ? null : List.of(ports));
    return rule;
  }

  public static AllowRule cidr(String cidr, PortSpec... ports) {
    AllowRule rule = new AllowRule();
    rule.setCidr(cidr);
    rule.setPorts(List.of(ports));
    return rule;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  @JsonProperty("private")
  public Boolean getPrivateRange() {
    return privateRange;
  }

  @JsonProperty("private")
  public void setPrivateRange(Boolean privateRange) {
    this.privateRange = privateRange;
  }

  public List<PortSpec> getPorts() {
    return ports;
  }

  public void setPorts(List<PortSpec> ports) {
    this.ports = ports;
  }
}
