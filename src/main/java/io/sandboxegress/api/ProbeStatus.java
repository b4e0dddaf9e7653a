package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The last observation of one probe target, from the sandbox's network identity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProbeStatus {

  private String target;
  private Expectation expect;
  /** {@code Reachable}, {@code Blocked} or {@code Error}. */
  private String outcome;
  private String reason;
  /** {@code Pass} or {@code Fail}. */
  private String verdict;
  private String detail;
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

  public String getCheckedAt() {
    return checkedAt;
  }

  public void setCheckedAt(String checkedAt) {
    this.checkedAt = checkedAt;
  }
}
