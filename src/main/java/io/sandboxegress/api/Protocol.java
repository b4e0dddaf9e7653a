package io.sandboxegress.api;

/** The protocol spoken on an allowed port; it decides how Istio can see the destination host. */
public enum Protocol {
  TCP,
  TLS,
  HTTP
}
