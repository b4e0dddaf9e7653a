package io.sandboxegress.probe;

/** The steps of a probe, in order; a failure is read in the light of the step it happened in. */
enum Step {
  RESOLVE, CONNECT, TLS_HANDSHAKE, HTTP_EXCHANGE
}
