package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.LabRequirement;
import java.io.PrintWriter;
import java.io.StringWriter;
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
        .contains("# stopped the operator and the local API server");
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
