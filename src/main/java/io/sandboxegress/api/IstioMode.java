package io.sandboxegress.api;

/** Which Istio data plane the operator renders for; {@code Auto} reads the namespace's labels. */
public enum IstioMode {
  Auto,
  Sidecar,
  Ambient,
  Off
}
