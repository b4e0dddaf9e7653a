package io.sandboxegress.plan;

import io.sandboxegress.api.AllowRule;
import io.sandboxegress.api.PortSpec;
import io.sandboxegress.api.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks {@code spec.allow} and normalises it: hosts split into exact and wildcard and merged,
 * default ports resolved, CIDRs checked against the reserved ranges and carved out.
 */
final class AllowRules {

  static final int MAX_RULES = 100;
  static final int MAX_PORTS = 16;
  static final List<PortRule> DEFAULT_HOST_PORTS = List.of(PortRule.HTTP_80, PortRule.TLS_443);

  private final BlockedRanges blocked;
  private final String clusterDomain;
  private final List<FieldError> errors;
  private final Map<String, MergedPorts> hosts = new TreeMap<>();
  private final Map<CidrKey, MergedPorts> cidrs = new TreeMap<>();

  private AllowRules(BlockedRanges blocked, String clusterDomain, List<FieldError> errors) {
    this.blocked = blocked;
    this.clusterDomain = clusterDomain;
    this.errors = errors;
  }

  record Normalised(List<HostRule> exactHosts, List<HostRule> wildcardHosts,
      List<CidrRule> cidrRules) {

    List<HostRule> hosts() {
      List<HostRule> all = new ArrayList<>(exactHosts);
      all.addAll(wildcardHosts);
      return all;
    }
  }

  private record MergedPorts(String firstField, TreeMap<Integer, PortRule> ports) {}

  private record CidrKey(IpBlock block, boolean privateRange) implements Comparable<CidrKey> {
    @Override
    public int compareTo(CidrKey other) {
      int byBlock = block.compareTo(other.block);
      return byBlock != 0 ? byBlock : Boolean.compare(privateRange, other.privateRange);
    }
  }

  static Normalised normalise(List<AllowRule> allow, BlockedRanges blocked,
      String clusterDomain, List<FieldError> errors) {
    AllowRules rules = new AllowRules(blocked, clusterDomain, errors);
    if (allow != null) {
      if (allow.size() > MAX_RULES) {
        errors.add(new FieldError("spec.allow", "at most " + MAX_RULES
            + " allow rules: merge hosts under a wildcard, or CIDRs into a larger block"));
        // refused as a whole: checking each of a huge list would only take long
        return rules.result();
      }
      for (int i = 0; i < allow.size(); i++) {
        rules.add(allow.get(i), "spec.allow[" + i + "]");
      }
    }
    return rules.result();
  }

  private void add(AllowRule rule, String field) {
    if (rule == null || (rule.getHost() == null) == (rule.getCidr() == null)) {
      errors.add(new FieldError(field, "each allow rule names exactly one of host or cidr"));
      return;
    }
    boolean privateRange = Boolean.TRUE.equals(rule.getPrivateRange());
    if (rule.getHost() != null) {
      addHost(rule.getHost(), privateRange, rule.getPorts(), field);
    } else {
      addCidr(rule.getCidr(), privateRange, rule.getPorts(), field);
    }
  }

  private void addHost(String host, boolean privateRange, List<PortSpec> portSpecs,
      String field) {
    Optional<String> problem = HostNames.problem(host);
    if (problem.isPresent()) {
      errors.add(new FieldError(field + ".host", problem.get()));
      return;
    }
    if (!privateRange) {
      Optional<InsideNames.Entry> inside = InsideNames.named(host, clusterDomain);
      if (inside.isPresent()) {
        errors.add(new FieldError(field + ".host", insideMessage(host, inside.get())));
        return;
      }
    }
    boolean wildcard = host.startsWith("*.");
    List<PortRule> ports = portSpecs == null || portSpecs.isEmpty()
        ? DEFAULT_HOST_PORTS : ports(portSpecs, field);
    if (wildcard) {
      for (int j = 0; portSpecs != null && j < portSpecs.size(); j++) {
        if (protocol(portSpecs.get(j)) == Protocol.TCP) {
          errors.add(new FieldError(field + ".ports[" + j + "].protocol", "a wildcard host cannot"
              + " be told apart on a TCP port (TCP carries no host name, so this would allow every"
              + " destination on the port): use protocol TLS or HTTP, or a cidr rule"));
        }
      }
    }
    merge(hosts.computeIfAbsent(host, h -> new MergedPorts(field, new TreeMap<>())), ports, host,
        field);
  }

  /** "metadata.goog is a cloud instance metadata name (GCP's ...): add private: true ...". */
  private static String insideMessage(String host, InsideNames.Entry inside) {
    String name = inside.name();
    String why = inside.kind().description() + " (" + inside.where() + ")";
    if (host.equals(name)) {
      return host + " is " + why + ": add private: true if this is on purpose";
    }
    if (host.endsWith("." + name)) {
      return host + " is under " + name + ", " + why + ": add private: true if this is on"
          + " purpose";
    }
    return host + " covers " + name + ", " + why + ": list the exact hosts you need, or add"
        + " private: true if this is on purpose";
  }

  private void merge(MergedPorts merged, List<PortRule> ports, String destination, String field) {
    for (PortRule port : ports) {
      PortRule existing = merged.ports().putIfAbsent(port.number(), port);
      if (existing != null && existing.protocol() != port.protocol()) {
        String where = merged.firstField().equals(field) ? "in this rule"
            : "in " + merged.firstField();
        errors.add(new FieldError(field + ".ports", "port " + port.number() + " of " + destination
            + " is " + port.protocol() + " here and " + existing.protocol() + " " + where
            + ": give each port one protocol"));
      }
    }
  }

  private void addCidr(String cidr, boolean privateRange, List<PortSpec> portSpecs,
      String field) {
    if (portSpecs == null || portSpecs.isEmpty()) {
      errors.add(new FieldError(field + ".ports", "a cidr rule needs ports: list the ports the"
          + " sandboxes may reach in this block"));
    }
    Optional<IpBlock> parsed = IpBlock.parse(cidr);
    if (parsed.isEmpty()) {
      errors.add(new FieldError(field + ".cidr", "cidr must be an IPv4 or IPv6 block such as"
          + " 140.82.112.0/20 or 2606:50c0::/32"));
      return;
    }
    IpBlock block = parsed.get();
    if (!block.toString().equals(cidr)) {
      errors.add(new FieldError(field + ".cidr", "cidr must be written in canonical form, without"
          + " host bits (10.40.0.0/16, not 10.40.1.2/16): write " + block));
      return;
    }
    Optional<IpBlock> mapped = block.unembeddedFrom(ReservedRange.IPV4_MAPPED);
    if (mapped.isPresent()) {
      errors.add(new FieldError(field + ".cidr", cidr + " is an IPv4 block written as IPv6"
          + " (IPv4-mapped, ::ffff:0:0/96), which the cluster treats as IPv4: write " + mapped.get()));
      return;
    }
    if (!privateRange) {
      Optional<ReservedRange> inside = blocked.containing(block);
      if (inside.isPresent()) {
        errors.add(new FieldError(field + ".cidr", cidr + " is inside "
            + inside.get().block() + ", " + inside.get().description()
            + ", which stays blocked: add private: true if this is on purpose"));
        return;
      }
    }
    if (portSpecs == null || portSpecs.isEmpty()) {
      return;
    }
    merge(cidrs.computeIfAbsent(new CidrKey(block, privateRange),
        key -> new MergedPorts(field, new TreeMap<>())), ports(portSpecs, field), cidr, field);
  }

  private List<PortRule> ports(List<PortSpec> portSpecs, String field) {
    if (portSpecs.size() > MAX_PORTS) {
      errors.add(new FieldError(field + ".ports", "at most " + MAX_PORTS + " ports per rule:"
          + " split the rule"));
    }
    Map<Integer, PortRule> byNumber = new LinkedHashMap<>();
    for (int j = 0; j < portSpecs.size(); j++) {
      PortSpec spec = portSpecs.get(j);
      String portField = field + ".ports[" + j + "]";
      if (spec == null || spec.getNumber() == null || spec.getNumber() < 1
          || spec.getNumber() > 65535) {
        errors.add(new FieldError(portField + ".number",
            "port number must be between 1 and 65535"));
        continue;
      }
      PortRule port = new PortRule(spec.getNumber(), protocol(spec));
      PortRule existing = byNumber.putIfAbsent(port.number(), port);
      if (existing != null && existing.protocol() != port.protocol()) {
        errors.add(new FieldError(portField, "port " + port.number() + " is listed as "
            + existing.protocol() + " and " + port.protocol() + ": give each port one protocol"));
      }
    }
    return new ArrayList<>(byNumber.values());
  }

  private static Protocol protocol(PortSpec spec) {
    return spec.getProtocol() == null ? Protocol.TCP : spec.getProtocol();
  }

  private Normalised result() {
    List<HostRule> exact = new ArrayList<>();
    List<HostRule> wildcard = new ArrayList<>();
    hosts.forEach((host, ports) -> {
      HostRule rule = new HostRule(host, List.copyOf(ports.ports().values()));
      (rule.wildcard() ? wildcard : exact).add(rule);
    });
    List<CidrRule> cidrRules = new ArrayList<>();
    // private: true allows the private range the block names, never the reserved and cluster
    // ranges strictly inside it (a metadata endpoint, the pods): those stay carved out
    cidrs.forEach((key, ports) -> cidrRules.add(new CidrRule(key.block(), key.privateRange(),
        blocked.insideOf(key.block()), List.copyOf(ports.ports().values()))));
    return new Normalised(exact, wildcard, cidrRules);
  }
}
