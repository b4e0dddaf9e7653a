package io.sandboxegress.probe;

import javax.net.ssl.SSLSocket;

/**
 * A completed TLS handshake.
 *
 * @param untrustedBecause why the server's certificate was not trusted, or {@code null} when it
 *     was: the probe goes on either way, since a completed handshake proves the network lets the
 *     connection through
 */
record TlsSession(SSLSocket socket, String protocol, String untrustedBecause) {

  boolean certificateTrusted() {
    return untrustedBecause == null;
  }
}
