package io.sandboxegress.lab;

import java.util.List;

/** Whether this machine can run the lab: root, the Debian tools it uses, network namespaces. */
public final class LabPreconditions {

  /** The Debian packages .ci/run installs for the lab. */
  static final List<String> COMMANDS = List.of("ip", "iptables", "iptables-save", "ipset", "socat", "dnsmasq",
      "openssl", "curl", "setpriv", "ss");

  private LabPreconditions() {}

  /** Null when the lab can run here, else one line saying why not. */
  public static String whyNot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "the lab needs root (network namespaces, iptables inside them)";
    }
    if (!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return "the lab needs Linux network namespaces";
    }
    for (String command : COMMANDS) {
      if (Host.tryRun(List.of("sh", "-c", "command -v " + command)).exitCode() != 0) {
        return "the lab needs '" + command + "' (Debian: apt-get install iproute2 iptables ipset socat"
            + " dnsmasq-base openssl curl util-linux)";
      }
    }
    Availability<LabBinaries> binaries = LabBinaries.locate();
    if (!binaries.present()) {
      return binaries.whyNot();
    }
    String probe = LabNode.NETNS_PREFIX + "check-" + ProcessHandle.current().pid();
    Host.Result add = Host.tryRun(List.of("ip", "netns", "add", probe));
    Host.tryRun(List.of("ip", "netns", "del", probe));
    if (add.exitCode() != 0) {
      return "this machine does not allow network namespaces: " + add.output().strip();
    }
    return null;
  }
}
