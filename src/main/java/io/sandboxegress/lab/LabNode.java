package io.sandboxegress.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The lab node: a network namespace that routes every pod's /32, holds kube-router's firewall and
 * the ClusterIP rules that stand in for kube-proxy, and links to the world namespace where the
 * lab's "internet" lives. Its names all carry the run's unique prefix.
 */
final class LabNode implements AutoCloseable {

  static final String NETNS_PREFIX = "sbelab-";

  private final String runId;
  private final Path directory;
  private volatile String nameserver = LabAddresses.KUBE_DNS_CLUSTER_IP;

  LabNode(String runId, Path directory) {
    this.runId = runId;
    this.directory = directory;
  }

  /** Creates the node and world namespaces and links them; the root namespace is not touched. */
  void create() {
    String node = netns();
    Host.run("ip", "netns", "add", node);
    Host.run("ip", "-n", node, "link", "set", "lo", "up");
    // the node's own address (its InternalIP) lives on its loopback: this kernel has no dummy links
    Host.run("ip", "-n", node, "addr", "add", LabAddresses.GATEWAY + "/32", "dev", "lo");
    // forward between pods and the world; answer every blocked connection with an immediate
    // reject (the default ICMP rate limit turns most rejects into 1 s timeouts)
    Host.inNetns(node, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    Host.inNetns(node, "sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0");

    String world = worldNetns();
    String veth = "sl" + runId + "w";
    Host.run("ip", "netns", "add", world);
    Host.run("ip", "-n", world, "link", "set", "lo", "up");
    Host.run("ip", "-n", node, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", world);
    Host.run("ip", "-n", node, "addr", "add", LabAddresses.GATEWAY + "/32", "dev", veth);
    Host.run("ip", "-n", node, "link", "set", veth, "up");
    for (String address : LabAddresses.WORLD) {
      Host.run("ip", "-n", world, "addr", "add", address + "/32", "dev", "lo");
      Host.run("ip", "-n", node, "route", "add", address + "/32", "dev", veth, "src", LabAddresses.GATEWAY);
    }
    Host.run("ip", "-n", world, "link", "set", "eth0", "up");
    Host.run("ip", "-n", world, "route", "add", LabAddresses.GATEWAY, "dev", "eth0", "scope", "link");
    Host.run("ip", "-n", world, "route", "add", "default", "via", LabAddresses.GATEWAY, "dev", "eth0");
  }

  String runId() {
    return runId;
  }

  /** The Node object's name (and kube-router's --hostname-override). */
  String name() {
    return NETNS_PREFIX + runId;
  }

  String netns() {
    return NETNS_PREFIX + runId + "-node";
  }

  String worldNetns() {
    return NETNS_PREFIX + runId + "-world";
  }

  String podNetns(int n) {
    return NETNS_PREFIX + runId + "-p" + n;
  }

  /** At most 15 characters, the kernel's limit for interface names. */
  String podVeth(int n) {
    return "sl" + runId + "p" + n;
  }

  String address() {
    return LabAddresses.GATEWAY;
  }

  Path directory() {
    return directory;
  }

  Path podDirectory(int n) {
    Path dir = directory.resolve("pods").resolve("p" + n);
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Pods ask kube-dns at its pod address, not through the ClusterIP: the DNAT standing in for
   * kube-proxy lost the first query of a new name now and then (a 5 s resolver retry inside Envoy,
   * measured in the lab), and a NetworkPolicy sees the same pod address either way.
   */
  void useNameserver(String address) {
    this.nameserver = address;
  }

  String resolvConf(String namespace) {
    return "nameserver " + nameserver + "\n"
        + "search " + namespace + ".svc.cluster.local svc.cluster.local cluster.local\n"
        + "options ndots:5\n";
  }

  String hosts() {
    return "127.0.0.1 localhost\n::1 localhost\n"
        // what any sandbox can write into its own /etc/hosts: an allowed name at an address of its choosing
        + LabAddresses.UNLISTED + " " + LabAddresses.SPOOFED_SNI_HOST + "\n";
  }

  /** A ClusterIP standing in for kube-proxy: {@code clusterIp:port} goes to {@code podIp:targetPort}. */
  void routeService(String clusterIp, int port, String protocol, String podIp, int targetPort) {
    Host.inNetns(netns(), "iptables", "-w", "-t", "nat", "-A", "PREROUTING", "-d", clusterIp + "/32",
        "-p", protocol, "--dport", Integer.toString(port), "-j", "DNAT",
        "--to-destination", podIp + ":" + targetPort);
  }

  /** Whether kube-router's rules name this pod address yet (it fails open until they do). */
  boolean firewalls(String podAddress) {
    String rules = Host.inNetns(netns(), "iptables-save", "-t", "filter");
    return rules.contains(" " + podAddress + "/32") || rules.contains(" " + podAddress + " ");
  }

  @Override
  public void close() {
    for (String netns : List.of(worldNetns(), netns())) {
      PodNetwork.deleteNetns(netns);
    }
  }
}
