package io.sandboxegress.probe;

/** Why a target was found reachable or blocked: each from what the prober actually observed. */
public enum ProbeReason {
  HttpResponse(true),
  TlsHandshakeOk(true),
  TcpConnected(true),
  DnsFailure(false),
  ConnectTimeout(false),
  ConnectionRefused(false),
  ConnectionReset(false),
  TlsHandshakeReset(false),
  EnvoyRbacDenied(false),
  EnvoyBlackhole(false),
  /** Any other reply envoy made up itself: no route, a filter's denial, a refused request. */
  EnvoyLocalReply(false),
  ProbeError(false);

  private final boolean reachable;

  ProbeReason(boolean reachable) {
    this.reachable = reachable;
  }

  /** {@code Reachable}, {@code Blocked}, or {@code Error} for {@link #ProbeError}. */
  public String outcome() {
    if (this == ProbeError) {
      return "Error";
    }
    return reachable ? "Reachable" : "Blocked";
  }
}
