package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** run's settings reach the operator's configuration. */
class OperatorOptionsTest {

  private static OperatorOptions parse(String... args) {
    OperatorOptions options = new OperatorOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void theClusterDomainIsClusterLocalUnlessGiven() {
    // CLUSTER_DOMAIN is not set where the tests run: the default is picocli's fallback
    assertThat(System.getenv("CLUSTER_DOMAIN")).isNull();
    assertThat(parse().toConfig().networks().clusterDomain()).isEqualTo("cluster.local");
    assertThat(parse("--cluster-domain", "k8s.corp.example").toConfig().networks().clusterDomain())
        .isEqualTo("k8s.corp.example");
  }

  @Test
  void policyReportsAreOffUnlessAskedFor() {
    assertThat(System.getenv("POLICY_REPORTS")).isNull();
    assertThat(parse().toConfig().policyReports()).isFalse();
    assertThat(parse("--policy-reports").toConfig().policyReports()).isTrue();
    assertThat(parse("--policy-reports=false").toConfig().policyReports()).isFalse();
  }
}
