package io.sandboxegress.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Host names that lead inside: to the cluster's own Services, to the node itself, to a cloud's
 * instance metadata (which hands out the node's or the account's credentials) or to a private-use
 * domain. An allow rule that names one, or a wildcard that covers one, needs {@code private: true}.
 *
 * <p>The one list of them. The CRD refuses the same names at admission (the CEL list literals in
 * {@link io.sandboxegress.api.AllowRule}, kept equal to this list by a test); the configured cluster
 * domain, which CEL cannot know, is checked here only. Names that only resolve inside (a
 * {@code nip.io}-style name spelling a private address, a split-horizon corporate name) cannot be
 * told from their spelling: the NetworkPolicy floors (the sandboxes', and the egress gateway's)
 * keep their addresses blocked.
 */
public final class InsideNames {

  /** Why a name leads inside; each has its own CEL rule and message. */
  public enum Kind {
    CLUSTER("a name of the cluster's own Services and Pods"),
    LOOPBACK("a loopback name: it reaches the pod or node itself"),
    METADATA("a cloud instance metadata name: it hands out the node's or the account's credentials"),
    PRIVATE_USE("a private-use domain that never leads to the public internet");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /**
   * One inside name.
   *
   * @param name the name
   * @param subdomains whether the names under it lead inside too (a domain), or only the name
   * @param kind why it leads inside
   * @param where whose name it is, in words
   */
  public record Entry(String name, boolean subdomains, Kind kind, String where) {}

  /**
   * Single-label names (localhost, metadata, instance-data, kubernetes, the cluster's short
   * Service names) are not here: the host grammar refuses every name without a dot.
   */
  public static final List<Entry> ALL = List.of(
      // Kubernetes: the default cluster domain (a cluster configured otherwise is checked against
      // --cluster-domain as well), and "svc", which the pods' DNS search path completes to it
      domain("cluster.local", Kind.CLUSTER, "Kubernetes' default cluster domain"),
      domain("svc", Kind.CLUSTER, "Kubernetes' Service names (<service>.<namespace>.svc)"),
      // the API server by the name every pod's search path completes
      exact("kubernetes.default", Kind.CLUSTER, "the Kubernetes API server"),
      // RFC 6761: localhost and the names under it are loopback
      domain("localhost", Kind.LOOPBACK, "loopback (RFC 6761)"),
      exact("localhost.localdomain", Kind.LOOPBACK, "loopback (/etc/hosts of most Linux images)"),
      // GCP: metadata.google.internal (and the short "metadata", refused by the grammar);
      // metadata.goog is the same server
      exact("metadata.google.internal", Kind.METADATA, "GCP's metadata server"),
      exact("metadata.goog", Kind.METADATA, "GCP's metadata server"),
      // AWS: instance-data, instance-data.ec2.internal and instance-data.<region>.compute.internal
      // are all under .internal (below); EKS Pod Identity and ECS task credentials have addresses
      // only (ReservedRange.METADATA)
      exact("instance-data.ec2.internal", Kind.METADATA, "AWS's instance metadata service"),
      // Tencent Cloud: metadata.tencentyun.com resolves to 169.254.0.23
      exact("metadata.tencentyun.com", Kind.METADATA, "Tencent Cloud's metadata service"),
      // IBM Cloud VPC: the metadata service's name, resolving to 169.254.169.254
      exact("api.metadata.cloud.ibm.com", Kind.METADATA, "IBM Cloud's VPC metadata service"),
      // Equinix Metal (formerly Packet): the metadata service has public addresses, so only its
      // name can keep it out
      exact("metadata.platformequinix.com", Kind.METADATA, "Equinix Metal's metadata service"),
      exact("metadata.packet.net", Kind.METADATA, "Equinix Metal's (Packet's) metadata service"),
      // Azure (169.254.169.254, WireServer 168.63.129.16), Oracle Cloud, Alibaba Cloud
      // (100.100.100.200), DigitalOcean, Hetzner, Linode, Scaleway, OpenStack: addresses only,
      // kept blocked by ReservedRange.METADATA
      // ICANN's private-use TLD (2024): GCP's *.c.<project>.internal, AWS's *.compute.internal
      // and *.ec2.internal host and metadata names
      domain("internal", Kind.PRIVATE_USE, "the private-use TLD .internal (cloud-internal names)"),
      // RFC 6762: multicast DNS on the local link
      domain("local", Kind.PRIVATE_USE, "multicast DNS (.local, RFC 6762)"),
      // RFC 8375: home networks
      domain("home.arpa", Kind.PRIVATE_USE, "home networks (home.arpa, RFC 8375)"));

  private static final Pattern DOMAIN = Pattern.compile(
      "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?([.][a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$");

  private InsideNames() {}

  private static Entry domain(String name, Kind kind, String where) {
    return new Entry(name, true, kind, where);
  }

  private static Entry exact(String name, Kind kind, String where) {
    return new Entry(name, false, kind, where);
  }

  /**
   * The inside name that {@code host} names or covers, with {@code clusterDomain} among the
   * cluster's own; empty when it leads to no known inside name. {@code host} is a valid host.
   */
  public static Optional<Entry> named(String host, String clusterDomain) {
    Entry cluster = new Entry(clusterDomain, true, Kind.CLUSTER,
        "the cluster's domain (--cluster-domain " + clusterDomain + ")");
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(cluster), ALL.stream())
        .filter(entry -> leadsTo(host, entry)).findFirst();
  }

  /**
   * Whether {@code host} (an exact name, or {@code *.} and the names under a domain) names
   * {@code entry}, a name under it, or a wildcard that covers it.
   */
  static boolean leadsTo(String host, Entry entry) {
    String name = entry.name();
    boolean wildcard = host.startsWith("*.");
    if (entry.subdomains() && (host.equals(name) || host.endsWith("." + name))) {
      return true;
    }
    if (!entry.subdomains() && host.equals(name)) {
      return true;
    }
    // *.example.com covers every name under example.com: an inside name among them is named too
    return wildcard && name.endsWith(host.substring(1));
  }

  /** The cluster domain as configured, without a trailing dot, lower case; or what is wrong. */
  public static Optional<String> domainProblem(String domain) {
    if (domain == null || domain.isBlank()) {
      return Optional.of("the cluster domain must not be empty: it is cluster.local unless your"
          + " cluster's DNS says otherwise");
    }
    String normal = normalDomain(domain);
    if (normal.length() > HostNames.MAX_LENGTH || !DOMAIN.matcher(normal).matches()) {
      return Optional.of("'" + domain + "' is not a DNS domain such as cluster.local");
    }
    return Optional.empty();
  }

  /** {@code domain} without a trailing dot, in lower case. */
  public static String normalDomain(String domain) {
    String trimmed = domain.trim().toLowerCase(Locale.ROOT);
    return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  /** The names of one kind as a CEL list literal: {@code ['a', 'b']}. */
  public static String celList(Kind kind, boolean subdomains) {
    return ALL.stream().filter(entry -> entry.kind() == kind && entry.subdomains() == subdomains)
        .map(entry -> "'" + entry.name() + "'").collect(Collectors.joining(", ", "[", "]"));
  }
}
