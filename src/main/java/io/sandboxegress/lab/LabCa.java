package io.sandboxegress.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lab's certificate authority (made with openssl, valid two days): the world's TLS certificate
 * for every lab name, and a trust store holding the CA that the probe's JVM trusts, as an image
 * built for the lab would.
 */
record LabCa(Path caCert, Path serverKeyStore, Path trustStore, String password) {

  static LabCa create(Path dir) {
    try {
      Files.createDirectories(dir);
      String password = "lab-" + Long.toHexString(System.nanoTime());
      Path caKey = dir.resolve("ca.key");
      Path caCert = dir.resolve("ca.crt");
      Host.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(),
          "-out", caCert.toString(), "-days", "2", "-subj", "/CN=sandbox-egress lab CA");
      Path key = dir.resolve("server.key");
      Path csr = dir.resolve("server.csr");
      Path cert = dir.resolve("server.crt");
      Host.run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
          "-subj", "/CN=lab-world");
      String names = LabAddresses.NAMES.keySet().stream()
          .map(n -> n.startsWith(".") ? "DNS:*" + n + ",DNS:" + n.substring(1) : "DNS:" + n)
          .sorted().collect(Collectors.joining(","));
      String ips = LabAddresses.WORLD.stream().map(ip -> "IP:" + ip).collect(Collectors.joining(","));
      Path ext = dir.resolve("server.ext");
      Files.writeString(ext, "subjectAltName=" + names + "," + ips + "\n");
      Host.run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
          "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
      Path serverKeyStore = dir.resolve("server.p12");
      Host.run("openssl", "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(),
          "-out", serverKeyStore.toString(), "-passout", "pass:" + password);
      Path trustStore = dir.resolve("trust.p12");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(caCert)) {
        trust.setCertificateEntry("lab-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      try (OutputStream out = Files.newOutputStream(trustStore)) {
        trust.store(out, password.toCharArray());
      }
      for (Path p : List.of(caCert, trustStore)) {
        p.toFile().setReadable(true, false);
      }
      return new LabCa(caCert, serverKeyStore, trustStore, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new LabException("cannot write the lab trust store: " + e.getMessage(), e);
    }
  }

  /** JVM options that make a probe trust the lab CA, as an image built for the lab would. */
  String jvmTrustOptions() {
    return "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=" + password
        + " -Djavax.net.ssl.trustStoreType=PKCS12";
  }
}
