package io.sandboxegress.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One pod's network namespace: a veth whose host side lives in the node namespace (created there,
 * never in the root namespace), a /32 address from the pod range, the gateway as default route,
 * and the pod's resolv.conf and hosts (which {@code ip netns exec} mounts over /etc's).
 */
final class PodNetwork implements AutoCloseable {

  private final String netns;
  private final String nodeNetns;
  private final String hostVeth;
  private final String address;

  private PodNetwork(String netns, String nodeNetns, String hostVeth, String address) {
    this.netns = netns;
    this.nodeNetns = nodeNetns;
    this.hostVeth = hostVeth;
    this.address = address;
  }

  static PodNetwork create(String netns, String nodeNetns, String hostVeth, String address, String resolvConf,
      String hosts) {
    Host.run("ip", "netns", "add", netns);
    PodNetwork network = new PodNetwork(netns, nodeNetns, hostVeth, address);
    try {
      Host.run("ip", "-n", nodeNetns, "link", "add", hostVeth, "type", "veth", "peer", "name", "eth0", "netns", netns);
      Host.run("ip", "-n", nodeNetns, "addr", "add", LabAddresses.GATEWAY + "/32", "dev", hostVeth);
      Host.run("ip", "-n", nodeNetns, "link", "set", hostVeth, "up");
      Host.run("ip", "-n", nodeNetns, "route", "add", address + "/32", "dev", hostVeth, "src", LabAddresses.GATEWAY);
      Host.run("ip", "-n", netns, "link", "set", "lo", "up");
      Host.run("ip", "-n", netns, "addr", "add", address + "/32", "dev", "eth0");
      Host.run("ip", "-n", netns, "link", "set", "eth0", "up");
      Host.run("ip", "-n", netns, "route", "add", LabAddresses.GATEWAY, "dev", "eth0", "scope", "link");
      Host.run("ip", "-n", netns, "route", "add", "default", "via", LabAddresses.GATEWAY, "dev", "eth0");
      Path etc = etcDir(netns);
      Files.createDirectories(etc);
      Files.writeString(etc.resolve("resolv.conf"), resolvConf);
      Files.writeString(etc.resolve("hosts"), hosts);
      return network;
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  static Path etcDir(String netns) {
    return Path.of("/etc/netns", netns);
  }

  String netns() {
    return netns;
  }

  String address() {
    return address;
  }

  /** Ends every process still in the namespace (all started by the lab), then deletes it. */
  @Override
  public void close() {
    deleteNetns(netns);
    // the host-side veth went with its peer; its /32 route with the veth
    Host.tryRun(java.util.List.of("ip", "-n", nodeNetns, "link", "del", hostVeth));
  }

  /** Deletes a lab namespace: kills the lab's processes left in it, removes it and its /etc/netns files. */
  static void deleteNetns(String netns) {
    Host.Result pids = Host.tryRun(java.util.List.of("ip", "netns", "pids", netns));
    if (pids.exitCode() == 0) {
      pids.output().lines().map(String::strip).filter(s -> s.matches("\\d+"))
          .map(Long::parseLong)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
    Host.tryRun(java.util.List.of("ip", "netns", "del", netns));
    Path etc = etcDir(netns);
    if (Files.isDirectory(etc)) {
      try (Stream<Path> files = Files.walk(etc)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // nothing else uses it
      }
    }
  }
}
