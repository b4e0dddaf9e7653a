package io.sandboxegress.probe;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Asks the real trust manager whether the server's certificate (and host name) is trusted, records
 * the answer and lets the handshake complete regardless. One instance per handshake.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

  private final X509ExtendedTrustManager trusted;
  private volatile String untrustedBecause;

  RecordingTrustManager(X509ExtendedTrustManager trusted) {
    this.trusted = trusted;
  }

  /** Why the certificate was not trusted, or {@code null} when it was (or was not checked). */
  String untrustedBecause() {
    return untrustedBecause;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    record(() -> trusted.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    record(() -> trusted.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    record(() -> trusted.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the prober is a client only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the prober is a client only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the prober is a client only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return trusted.getAcceptedIssuers();
  }

  private interface Check {
    void run() throws CertificateException;
  }

  private void record(Check check) {
    try {
      check.run();
    } catch (CertificateException e) {
      untrustedBecause = Failures.rootMessage(e);
    }
  }
}
