package io.sandboxegress.probe;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS step of an https probe: a handshake over an open connection with SNI set to the target's
 * host, recording (not enforcing) whether the certificate is trusted for that host.
 */
public final class TlsHandshaker {

  private final X509ExtendedTrustManager trusted;

  /** Trusts what the JVM's default trust store trusts. */
  public TlsHandshaker() {
    this(defaultTrustManager());
  }

  /** Trusts what {@code trusted} trusts: for tests, or a pod with its own CA bundle. */
  public TlsHandshaker(X509ExtendedTrustManager trusted) {
    this.trusted = trusted;
  }

  TlsSession handshake(Socket connected, TargetUrl target, Deadline deadline) throws IOException {
    RecordingTrustManager recorder = new RecordingTrustManager(trusted);
    SSLSocket socket = (SSLSocket) context(recorder).getSocketFactory()
        .createSocket(connected, target.host(), target.port(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!target.hostIsIpLiteral()) {
      parameters.setServerNames(List.of(new SNIHostName(target.host())));
    }
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(deadline.remainingMillis());
    socket.startHandshake();
    return new TlsSession(socket, socket.getSession().getProtocol(), recorder.untrustedBecause());
  }

  private static SSLContext context(TrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager defaultTrustManager() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JVM has no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the JVM's trust store: " + e.getMessage(), e);
    }
  }
}
