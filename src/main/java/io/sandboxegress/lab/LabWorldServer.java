package io.sandboxegress.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The lab's "internet": run inside the world namespace, it answers on every address there, over
 * HTTP ({@value LabAddresses#HTTP_PORT}), TLS with a certificate from the lab CA
 * ({@value LabAddresses#TLS_PORT}) and plain TCP (a greeting on {@value LabAddresses#TCP_PORT}, 22 and
 * 53). Every answer names the address that was reached, so a test can tell which host it got.
 *
 * <p>Usage: {@code LabWorldServer KEYSTORE.p12 PASSWORD}. It prints {@value #READY} once it has answered
 * one TLS request of its own: the first handshake of a cold JVM can take seconds on a busy machine,
 * and a probe with a short timeout must not be the one that pays for it.
 */
public final class LabWorldServer {

  static final int[] TCP_PORTS = {LabAddresses.TCP_PORT, 22, 53};
  static final String READY = "lab world serving HTTP, TLS and TCP";

  private LabWorldServer() {}

  public static void main(String[] args) throws Exception {
    char[] password = args[1].toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(args[0])) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);

    HttpServer http = HttpServer.create(new InetSocketAddress(LabAddresses.HTTP_PORT), 64);
    http.createContext("/", exchange -> answer(exchange, "http"));
    http.setExecutor(Executors.newFixedThreadPool(8));
    http.start();
    HttpsServer https = HttpsServer.create(new InetSocketAddress(LabAddresses.TLS_PORT), 64);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.createContext("/", exchange -> answer(exchange, "https"));
    https.setExecutor(Executors.newFixedThreadPool(8));
    https.start();
    for (int port : TCP_PORTS) {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port), 64);
      Thread acceptor = new Thread(() -> greet(socket), "tcp-" + port);
      acceptor.start();
    }
    warmUp(keys);
    System.out.println(READY);
    System.out.flush();
  }

  /** One HTTPS request to itself over loopback, trusting only its own certificate's issuer chain. */
  private static void warmUp(KeyStore keys) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    String alias = keys.aliases().nextElement();
    Certificate[] chain = keys.getCertificateChain(alias);
    trust.setCertificateEntry("self", chain[chain.length - 1]);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
    // no host name check: the certificate names the world's addresses, the request goes to loopback
    try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", LabAddresses.TLS_PORT)) {
      socket.setSoTimeout(60_000);
      socket.startHandshake();
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: warm-up\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.getInputStream().readAllBytes();
    }
  }

  private static void answer(HttpExchange exchange, String scheme) throws IOException {
    byte[] body = ("lab world: " + scheme + " " + exchange.getLocalAddress().getAddress().getHostAddress()
        + " host " + exchange.getRequestHeaders().getFirst("Host") + "\n").getBytes(StandardCharsets.UTF_8);
    // names the address that answered, so a probe's detail shows where a connection really landed
    exchange.getResponseHeaders().add("server", "lab-world/" + exchange.getLocalAddress().getAddress().getHostAddress());
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void greet(ServerSocket server) {
    while (true) {
      try (Socket client = server.accept()) {
        client.getOutputStream().write(("lab world: tcp " + client.getLocalAddress().getHostAddress() + ":"
            + client.getLocalPort() + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // one client's failure does not stop the others
      }
    }
  }
}
