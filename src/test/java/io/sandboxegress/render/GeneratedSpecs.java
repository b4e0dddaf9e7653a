package io.sandboxegress.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.plan.EgressPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * SandboxEgress specs made from a seed, for the invariant tests: hosts, wildcards and CIDR blocks
 * around and inside the reserved, metadata and cluster ranges (with and without {@code private:
 * true}, so some are refused), every policy and Istio mode, with and without an egress gateway.
 */
class GeneratedSpecs {

  static final int COUNT = 400;

  private static final List<String> HOSTS = List.of("pypi.org", "files.pythonhosted.org",
      "github.com", "registry.npmjs.org", "api.openai.com");
  private static final List<String> WILDCARDS = List.of("*.githubusercontent.com",
      "*.amazonaws.com");
  /** Public blocks, several holding reserved or metadata ranges (168.63.0.0/16: Azure). */
  private static final List<String> PUBLIC_BLOCKS = List.of("140.82.112.0/20", "8.8.8.0/24",
      "0.0.0.0/0", "128.0.0.0/1", "100.0.0.0/8", "168.63.0.0/16", "192.0.0.0/24",
      "2606:50c0::/32", "::/0", "fc00::/6", "64:ff9b::/96", "64:ff9b::808:800/120");
  /** Blocks inside reserved or cluster ranges, some naming one exactly, some around others. */
  private static final List<String> PRIVATE_BLOCKS = List.of("10.0.0.0/8", "10.40.0.0/16",
      "10.244.0.0/16", "10.96.0.0/12", "169.254.0.0/16", "169.254.169.254/32",
      "169.254.170.0/24", "100.64.0.0/10", "100.100.100.200/32", "172.16.0.0/12",
      "192.168.0.0/16", "127.0.0.0/8", "0.0.0.0/8", "fd00::/8", "fd00:ec2::254/128",
      "fd00:10:244::/56", "fc00::/7", "::1/128", "64:ff9b::a00:0/104", "64:ff9b::a9fe:0/112",
      "64:ff9b:1::/48", "168.63.129.16/32");
  private static final List<String> PORTS = List.of("{number: 443, protocol: TLS}",
      "{number: 80, protocol: HTTP}", "{number: 22}", "{number: 5432, protocol: TCP}",
      "{number: 8443, protocol: TLS}");

  /** The spec of {@code seed}. */
  static SandboxEgress spec(long seed) {
    Random random = new Random(seed);
    StringBuilder yaml = new StringBuilder("""
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: generated, namespace: sandboxes}
        spec:
          podSelector: {matchLabels: {app: sandbox}}
        """);
    int policy = random.nextInt(10);
    yaml.append("  policy: ").append(policy < 7 ? "AllowList" : policy < 9 ? "AllowInternet"
        : "DenyAll").append('\n');
    if (policy < 7) {
      yaml.append("  allow:\n");
      int rules = 1 + random.nextInt(6);
      for (int i = 0; i < rules; i++) {
        yaml.append("    - ").append(rule(random)).append('\n');
      }
    }
    String mode = pick(random, List.of("Auto", "Auto", "Off", "Sidecar", "Ambient"));
    yaml.append("  istio:\n    mode: ").append(mode).append('\n');
    if (random.nextInt(4) == 0) {
      yaml.append("    egressGateway: {namespace: ")
          .append(pick(random, List.of("istio-system", "sandboxes")))
          .append(", selector: {istio: egressgateway}}\n");
    }
    return Serialization.unmarshal(yaml.toString(), SandboxEgress.class);
  }

  private static String rule(Random random) {
    int kind = random.nextInt(6);
    if (kind < 2) {
      return "{host: " + pick(random, HOSTS) + (random.nextBoolean() ? "" : ", ports: ["
          + pick(random, PORTS.subList(0, 2)) + "]") + "}";
    }
    if (kind == 2) {
      return "{host: '" + pick(random, WILDCARDS) + "', ports: [{number: 443, protocol: TLS}]}";
    }
    boolean privateBlock = kind > 3;
    String cidr = pick(random, privateBlock ? PRIVATE_BLOCKS : PUBLIC_BLOCKS);
    // mostly said right, sometimes not: a reserved block without private: true is refused
    boolean saysPrivate = random.nextInt(8) == 0 ? !privateBlock : privateBlock;
    return "{cidr: '" + cidr + "', private: " + saysPrivate + ", ports: [" + pick(random, PORTS)
        + "]}";
  }

  private static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  @Test
  void mostGeneratedSpecsArePlannedSoTheInvariantsSeeThem() {
    List<Long> valid = new ArrayList<>();
    LongStream.range(0, COUNT).filter(seed -> new EgressPlanner()
        .plan(spec(seed), Fixtures.NETWORKS).isValid()).forEach(valid::add);
    assertThat(valid).hasSizeGreaterThan(COUNT / 2);
  }
}
