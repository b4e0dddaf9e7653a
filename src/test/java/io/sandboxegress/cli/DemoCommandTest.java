package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.testing.ApiServer;
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

    int exit = commandLine.execute("demo", "--project-dir", ApiServer.projectRoot().toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("kind: \"NetworkPolicy\"", "kind: \"Sidecar\"", "kind: \"ServiceEntry\"")
        .contains("\"pypi.org\"", "\"*.githubusercontent.com\"")
        .containsPattern("agents +AllowList +2 +False +Unknown")
        .contains("sandbox-egress-agents-probe")
        .contains("istio: \"Sidecar\"")
        .contains("# stopped the operator and the local API server");
  }
}
