package io.sandboxegress.probe;

import java.util.Optional;

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
  public ProbeOutcome outcome() {
    if (this == ProbeError) {
      return ProbeOutcome.Error;
    }
    return reachable ? ProbeOutcome.Reachable : ProbeOutcome.Blocked;
  }

  /** The word in status and in the termination message: the constant's name. */
  public String wire() {
    return name();
  }

  /** The reason a word names; empty for null or a word no reason has. */
  public static Optional<ProbeReason> fromWire(String value) {
    for (ProbeReason reason : values()) {
      if (reason.wire().equals(value)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
