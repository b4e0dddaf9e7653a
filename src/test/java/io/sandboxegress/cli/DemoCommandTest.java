package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.compile.Compilation;
import io.sandboxegress.compile.CompileFacts;
import io.sandboxegress.compile.EgressCompiler;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.LabRequirement;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's Quickstart command does the main job, end to end, on its own local API server. */
class DemoCommandTest {

  @Test
  void demoAppliesTheDaytonaExampleAndPrintsTheObjectsTheProbePodAndTheStatus() {
    StringWriter out = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));

    int exit = commandLine.execute("demo", "--api-only", "--project-dir", ApiServer.projectRoot().toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("# no data-plane lab (--api-only)")
        .contains("kind: \"NetworkPolicy\"", "kind: \"Sidecar\"", "kind: \"ServiceEntry\"")
        .contains("\"pypi.org\"", "\"*.githubusercontent.com\"")
        .containsPattern("agents +AllowList +2 +False +Unknown")
        .contains("sandbox-egress-agents-probe")
        .contains("istio: \"Sidecar\"")
        .contains("# stopped the operator and the local API server")
        .doesNotContain("# not in the cluster", "# refused");
    // the objects printed are the ones the compiler renders for the example with the demo's facts
    Bundle expected = exampleCompiled().bundle();
    List<String> printed = out.toString().lines().filter(line -> line.startsWith("kind: ")).toList();
    assertThat(printed).containsExactlyElementsOf(expected.objects().stream()
        .map(o -> "kind: \"" + o.getKind() + "\"").toList());
    for (HasMetadata object : expected.objects()) {
      assertThat(out.toString()).contains("  name: \"" + object.getMetadata().getName() + "\"");
    }
  }

  private static Compilation exampleCompiled() {
    try (InputStream in = Files.newInputStream(ApiServer.projectRoot().resolve("examples/daytona-sandbox-egress.yaml"))) {
      SandboxEgress cr = Serialization.unmarshal(in, SandboxEgress.class);
      cr.getMetadata().setNamespace(DemoCommand.NAMESPACE);
      OperatorConfig config = DemoCommand.config();
      return new EgressCompiler().compile(cr, Map.of("istio-injection", "enabled"),
          new CompileFacts(true, config.networks(), IstioMesh.defaults(), config.allProtectedNamespaces()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** On the data-plane lab the probe really runs: VERIFIED True, then a real regression rolled back. */
  @Test
  void onTheLabTheProbeRunsAndABadChangeIsRolledBack() {
    LabRequirement.assumeLabCanRun();
    StringWriter out = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));

    int exit = commandLine.execute("demo", "--project-dir", ApiServer.projectRoot().toString());

    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("agents +AllowList +2 +True +True")
        .containsPattern("https://pypi.org/simple/ +expect Reachable +Reachable +HttpResponse")
        .containsPattern("http://169.254.169.254/latest/meta-data/ +expect Blocked +Blocked +EnvoyBlackhole")
        .contains("RolledBack=True (Regression)", "TlsHandshakeReset")
        .contains("# stopped the operator, the lab");
  }
}
