package io.sandboxegress.lab;

import java.util.List;
import java.util.Map;

/**
 * The lab's address plan. Pods are routed /32s from the node namespace (no bridge); every
 * host-side veth carries the gateway address. The "internet" is one namespace holding
 * documentation addresses (RFC 5737), the cloud metadata address, and private-range hosts that
 * exist only inside the lab. Nothing here is routed outside the lab's own namespaces.
 */
public final class LabAddresses {

  public static final String POD_CIDR = "10.244.0.0/16";
  /** The service range the local API server allocates ClusterIPs from (kube-api-test's). */
  public static final String SERVICE_CIDR = "10.0.0.0/24";
  /** The node's InternalIP and every pod's gateway. */
  public static final String GATEWAY = "10.244.0.1";
  public static final String KUBE_DNS_CLUSTER_IP = "10.0.0.10";
  public static final String ISTIOD_CLUSTER_IP = "10.0.0.15";
  /** A ClusterIP the lab points at a sandbox pod: the "cluster's own services" to keep blocked. */
  public static final String SANDBOX_SERVICE_CLUSTER_IP = "10.0.0.20";

  /** Public hosts, at documentation addresses. */
  public static final String PYPI = "203.0.113.10";
  public static final String PYTHONHOSTED = "203.0.113.11";
  public static final String GITHUB = "203.0.113.12";
  public static final String GITHUBUSERCONTENT = "203.0.113.13";
  /** A public DNS server that sandboxes must not use (only kube-dns). */
  public static final String PUBLIC_DNS = "203.0.113.53";
  public static final String EXAMPLE_COM = "198.51.100.10";
  /** A host no policy names: what an allowed SNI sent to an unlisted address reaches. */
  public static final String UNLISTED = "198.51.100.20";

  /** Addresses that must stay blocked. */
  public static final String METADATA = "169.254.169.254";
  public static final String RFC1918_10 = "10.200.0.10";
  public static final String RFC1918_172 = "172.16.0.10";
  public static final String RFC1918_192 = "192.168.0.10";
  public static final String CGNAT = "100.64.0.10";

  /** Every address the world namespace holds (each serves {@link LabWorldServer}'s ports). */
  public static final List<String> WORLD = List.of(PYPI, PYTHONHOSTED, GITHUB, GITHUBUSERCONTENT, PUBLIC_DNS,
      EXAMPLE_COM, UNLISTED, METADATA, RFC1918_10, RFC1918_172, RFC1918_192, CGNAT);

  /** The names the lab's kube-dns answers; a leading dot means the name and every name below it. */
  public static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("pypi.org", PYPI),
      Map.entry("files.pythonhosted.org", PYTHONHOSTED),
      Map.entry("github.com", GITHUB),
      Map.entry(".githubusercontent.com", GITHUBUSERCONTENT),
      Map.entry("example.com", EXAMPLE_COM),
      Map.entry("unlisted.example.net", UNLISTED),
      Map.entry("metadata.google.internal", METADATA),
      Map.entry("mirror.internal.example", RFC1918_10));

  /**
   * A name every pod's /etc/hosts sends to {@link #UNLISTED}, while kube-dns answers the real
   * githubusercontent address: a sandbox that dials an unlisted address with an allowed SNI.
   */
  public static final String SPOOFED_SNI_HOST = "spoofed.githubusercontent.com";

  /** Ports every world address serves: HTTP, TLS (with the lab CA's certificate), and plain TCP. */
  public static final int HTTP_PORT = 80;
  public static final int TLS_PORT = 443;
  public static final int TCP_PORT = 9000;
  /** The port a lab pod with no known image listens on (a greeting over TCP). */
  public static final int POD_PORT = 8080;

  private LabAddresses() {}

  /** The n-th pod address (n from 0): 10.244.0.2, 10.244.0.3, … */
  static String podAddress(int n) {
    int host = n + 2;
    if (host > 65_000) {
      throw new LabException("the lab's pod range is exhausted");
    }
    return "10.244." + (host / 256) + "." + (host % 256);
  }
}
