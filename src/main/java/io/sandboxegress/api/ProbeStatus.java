package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last observation of one probe target, from the sandbox's network identity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProbeStatus {

  @JsonPropertyDescription("The probed URL. Example: https://pypi.org/simple/.")
  private String target;
  @JsonPropertyDescription("What the target should be: Reachable or Blocked. Example: Reachable.")
  private Expectation expect;
  @JsonPropertyDescription("What the probe observed: Reachable, Blocked or Error. Example: "
      + "Blocked.")
  private String outcome;
  @JsonPropertyDescription("Why, from what the prober saw: HttpResponse, TlsHandshakeOk, "
      + "TcpConnected (reachable); DnsFailure, ConnectTimeout, ConnectionRefused, "
      + "ConnectionReset, TlsHandshakeReset, EnvoyRbacDenied, EnvoyBlackhole, EnvoyLocalReply "
      + "(blocked); "
      + "ProbeError. Example: EnvoyBlackhole.")
  private String reason;
  @JsonPropertyDescription("Pass when the outcome is what was expected, else Fail. Example: "
      + "Pass.")
  private String verdict;
  @JsonPropertyDescription("What the prober saw, in words. Example: HTTP 200 in 84 ms via "
      + "151.101.0.223.")
  private String detail;
  @JsonPropertyDescription("For a failing verdict: the most likely cause, from the objects in the "
      + "cluster and the observed reason, and the fix. Example: NetworkPolicy daytona/allow-web "
      + "allows egress to every destination on 80/TCP, which the spec does not (NetworkPolicy rules "
      + "add up). Fix: narrow its podSelector or remove the rule.")
  private String cause;
  @JsonPropertyDescription("When the target was probed, RFC 3339. Example: 2025-01-31T12:00:00Z.")
  private String checkedAt;

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public Expectation getExpect() {
    return expect;
  }

  public void setExpect(Expectation expect) {
    this.expect = expect;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getVerdict() {
    return verdict;
  }

  public void setVerdict(String verdict) {
    this.verdict = verdict;
  }

  public String getDetail() {
    return detail;
  }

  public void setDetail(String detail) {
    this.detail = detail;
  }

  public String getCause() {
    return cause;
  }

  public void setCause(String cause) {
    this.cause = cause;
  }

  public String getCheckedAt() {
    return checkedAt;
  }

  public void setCheckedAt(String checkedAt) {
    this.checkedAt = checkedAt;
  }
}
