package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.plan.ProtectedNamespace;
import io.sandboxegress.render.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The cluster facts {@code render} and {@code diagnose} take as the operator's flags, declared once. */
class ClusterFactsOptionsTest {

  private static final List<String> FACTS = List.of("--cluster-domain", "--pod-cidr", "--protected-namespace",
      "--service-cidr");

  @Test
  void renderAndDiagnoseTakeTheSameFactsOptions() {
    Map<String, String> render = described(command("render"));
    Map<String, String> diagnose = described(command("diagnose"));

    assertThat(render.keySet()).containsExactlyElementsOf(FACTS);
    assertThat(diagnose).isEqualTo(render);
    for (String name : List.of("render", "diagnose")) {
      assertThat(command(name).mixins().get("clusterFacts").userObject()).isInstanceOf(ClusterFactsOptions.class);
    }
  }

  @Test
  void aListIsRepeatedOrCommaSeparatedAsTheOperatorTakesIt() {
    ClusterFactsOptions repeated = parse("--pod-cidr", "10.244.0.0/16", "--pod-cidr", "fd00:10:244::/56",
        "--service-cidr", "10.96.0.0/12", "--protected-namespace", "a", "--protected-namespace", "b");
    ClusterFactsOptions commas = parse("--pod-cidr", "10.244.0.0/16,fd00:10:244::/56",
        "--service-cidr", "10.96.0.0/12", "--protected-namespace", "a,b");

    assertThat(commas.networks()).isEqualTo(repeated.networks());
    assertThat(commas.protectedNamespaces()).isEqualTo(repeated.protectedNamespaces())
        .containsExactly("a", "b", "istio-system", "kube-system");
  }

  @Test
  void renderTakesCommaSeparatedRangesToo() throws IOException {
    String example = Golden.basedir().resolve("examples/daytona-sandbox-egress.yaml").toString();
    Run run = Run.of("render", "-f", example, "--pod-cidr", "10.244.0.0/16,fd00:10:244::/56",
        "--service-cidr", "10.96.0.0/12,fd00:10:96::/112");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(Files.readString(Golden.root().resolve("examples/daytona-sandbox-egress.none.yaml")));
  }

  @Test
  void withoutOptionsTheFactsAreTheOperatorsDefaults() {
    ClusterFactsOptions none = parse();

    assertThat(none.problems()).isEmpty();
    assertThat(none.networks().clusterDomain()).isEqualTo("cluster.local");
    assertThat(none.protectedNamespaces()).isEqualTo(ProtectedNamespace.ALWAYS);
    String help = String.join(" ", command("render").findOption("--protected-namespace").description());
    assertThat(ProtectedNamespace.ALWAYS).allSatisfy(ns -> assertThat(help).contains(ns));
  }

  @Test
  void eachProblemNamesItsOptionInTheOptionsOrder() {
    List<String> problems = parse("--protected-namespace", "Not_A_Namespace", "--cluster-domain", "cluster_local",
        "--service-cidr", "10.96.0.0/33", "--pod-cidr", "10.244.0.0/16,pods").problems();

    assertThat(problems).hasSize(4);
    assertThat(problems.get(0)).isEqualTo("--pod-cidr: 'pods' is not an IPv4 or IPv6 block such as 10.244.0.0/16");
    assertThat(problems.get(1))
        .isEqualTo("--service-cidr: '10.96.0.0/33' is not an IPv4 or IPv6 block such as 10.244.0.0/16");
    assertThat(problems.get(2)).startsWith("--cluster-domain: 'cluster_local' is not a DNS domain");
    assertThat(problems.get(3)).isEqualTo("--protected-namespace: 'Not_A_Namespace' is not a namespace name");
  }

  private static CommandSpec command(String name) {
    return Main.commandLine().getSubcommands().get(name).getCommandSpec();
  }

  /** Each facts option of a command with what its help says and how it is parsed. */
  private static Map<String, String> described(CommandSpec command) {
    Map<String, String> options = new TreeMap<>();
    for (OptionSpec option : command.options()) {
      if (Arrays.stream(option.names()).anyMatch(FACTS::contains)) {
        options.put(option.longestName(), String.join(" ", option.description()) + " | " + option.paramLabel()
            + " | " + option.splitRegex() + " | " + option.defaultValue() + " | " + option.arity());
      }
    }
    return options;
  }

  private static ClusterFactsOptions parse(String... args) {
    ClusterFactsOptions options = new ClusterFactsOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }
}
