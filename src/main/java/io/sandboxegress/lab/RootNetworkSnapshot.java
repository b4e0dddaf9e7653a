package io.sandboxegress.lab;

import java.util.List;

/**
 * What the root network namespace looks like to someone who could break it: its links (names and
 * flags, no counters), addresses, routes and policy rules of every table, and its firewall
 * (iptables, ip6tables, nftables; counters removed). Two snapshots around a lab run must be equal.
 */
public record RootNetworkSnapshot(String text) {

  public static RootNetworkSnapshot take() {
    StringBuilder out = new StringBuilder();
    section(out, "links", List.of("ip", "-o", "link", "show"), true);
    section(out, "addresses", List.of("ip", "-o", "addr", "show"), false);
    section(out, "routes", List.of("ip", "route", "show", "table", "all"), false);
    section(out, "routes6", List.of("ip", "-6", "route", "show", "table", "all"), false);
    section(out, "rules", List.of("ip", "rule", "show"), false);
    section(out, "iptables", List.of("iptables-save"), false);
    section(out, "ip6tables", List.of("ip6tables-save"), false);
    section(out, "nftables", List.of("nft", "list", "ruleset"), false);
    return new RootNetworkSnapshot(out.toString());
  }

  private static void section(StringBuilder out, String name, List<String> command, boolean links) {
    out.append("## ").append(name).append('\n');
    Host.Result result;
    try {
      result = Host.tryRun(command);
    } catch (RuntimeException e) {
      out.append("(unavailable)\n");
      return;
    }
    if (result.exitCode() != 0) {
      out.append("(unavailable)\n");
      return;
    }
    for (String line : result.output().lines().toList()) {
      if (line.startsWith("#")) {
        continue; // iptables-save's timestamps
      }
      String normalized = line.replaceAll("\\[\\d+:\\d+\\]", "[]")  // iptables counters
          .replaceAll("packets \\d+ bytes \\d+", "")              // nft counters
          .replaceAll("\\s+(valid_lft|preferred_lft) \\S+", "");   // address lifetimes
      if (links) {
        // "2: eth0@if5: <FLAGS> mtu ... state UP ...": keep name, flags, state; drop qdisc details
        normalized = normalized.replaceAll("\\s+qlen \\d+", "").replaceAll("\\\\.*$", "");
      }
      out.append(normalized.stripTrailing()).append('\n');
    }
  }

  /** Lines in one snapshot but not the other, or empty when equal. */
  public String differences(RootNetworkSnapshot after) {
    List<String> before = text.lines().toList();
    List<String> now = after.text.lines().toList();
    StringBuilder diff = new StringBuilder();
    before.stream().filter(l -> !now.contains(l)).forEach(l -> diff.append("- ").append(l).append('\n'));
    now.stream().filter(l -> !before.contains(l)).forEach(l -> diff.append("+ ").append(l).append('\n'));
    return diff.toString();
  }
}
