package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What a new user meets first on the command line: errors, warnings and the version. */
class FirstContactTest {

  /** A Java class name, qualified or simple (ConnectException, InvalidFormatException). */
  private static final Pattern JAVA_CLASS =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z]\\w*|\\b\\w*(?:Exception|Error)\\b|\\n\\s+at ");

  @TempDir
  Path dir;

  @Test
  void anUnreachableClusterIsOneReadableLine() throws IOException {
    Run run = Run.of("run", "--kubeconfig", unreachableKubeconfig().toString(), "--http-port", "0",
        "--probe-image", "registry.example.com/seo:1", "--pod-cidr", "10.244.0.0/16",
        "--service-cidr", "10.96.0.0/12");

    assertThat(run.exitCode()).isEqualTo(Main.FAILED);
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("cannot reach the cluster at https://127.0.0.1:")
        .endsWith(": connection refused");
  }

  @Test
  void runWarnsAtStartAboutAMissingProbeImageAndClusterRanges() throws IOException {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(RunCommand.class);
    logger.addAppender(log);
    try {
      Run.of("run", "--kubeconfig", unreachableKubeconfig().toString(), "--http-port", "0");
    } finally {
      logger.detachAppender(log);
    }

    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(w -> assertThat(w).startsWith("no --probe-image (env PROBE_IMAGE)"))
        .anySatisfy(w -> assertThat(w).startsWith(
            "no --pod-cidr (env POD_CIDRS) and no --service-cidr (env SERVICE_CIDRS)"));
  }

  @Test
  void givenSettingsAreNotWarnedAbout() {
    assertThat(StartupWarnings.of("registry.example.com/seo:1", List.of("10.244.0.0/16"),
        List.of("10.96.0.0/12"), false)).isEmpty();
    // in a pod the chart sets the image: the default there is not a user's oversight
    assertThat(StartupWarnings.of(io.sandboxegress.reconcile.ProbeSettings.DEFAULT_IMAGE,
        List.of("10.244.0.0/16"), List.of("10.96.0.0/12"), true)).isEmpty();
    assertThat(StartupWarnings.of("registry.example.com/seo:1", List.of("10.244.0.0/16"), List.of(),
        true)).singleElement().asString().startsWith("no --service-cidr (env SERVICE_CIDRS): ");
  }

  @Test
  void renderNamesTheAllowedValuesOfABadEnumWithoutJavaClassNames() throws IOException {
    Path cr = Files.writeString(dir.resolve("cr.yaml"), """
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: a, namespace: b}
        spec:
          podSelector: {matchLabels: {app: x}}
          policy: AllowEverything
        """);

    Run run = Run.of("render", "-f", cr.toString());

    assertThat(run.exitCode()).isEqualTo(RenderCommand.INVALID);
    assertThat(run.err()).contains(
        "spec.policy: 'AllowEverything' is not one of AllowList, AllowInternet, DenyAll");
    assertNoJavaClassNames(run.err());
  }

  @Test
  void renderSaysWhatANumberFieldTakes() throws IOException {
    Path cr = Files.writeString(dir.resolve("cr.yaml"), """
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: a, namespace: b}
        spec:
          podSelector: {matchLabels: {app: x}}
          probes: {timeoutSeconds: soon}
        """);

    Run run = Run.of("render", "-f", cr.toString());

    assertThat(run.err()).contains("spec.probes.timeoutSeconds: 'soon' is not a whole number");
    assertNoJavaClassNames(run.err());
  }

  @Test
  void noCommandPrintsJavaClassNamesWhenTheClusterIsGone() throws IOException {
    String kubeconfig = unreachableKubeconfig().toString();
    for (String[] args : List.of(
        new String[] {"run", "--kubeconfig", kubeconfig, "--http-port", "0"},
        new String[] {"diagnose", "-n", "daytona", "--kubeconfig", kubeconfig},
        new String[] {"history", "-n", "daytona", "agents", "--kubeconfig", kubeconfig},
        new String[] {"run", "--kubeconfig", dir.resolve("no-such-kubeconfig").toString()})) {
      Run run = Run.of(args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isNotZero();
      assertThat(run.err().lines()).as(String.join(" ", args)).hasSize(1);
      assertNoJavaClassNames(run.err());
    }
  }

  @Test
  void aMissingKubeconfigSaysSo() {
    Run run = Run.of("run", "--kubeconfig", dir.resolve("no-such-kubeconfig").toString());

    assertThat(run.err()).isEqualTo("run: no such file: " + dir.resolve("no-such-kubeconfig")
        + System.lineSeparator());
  }

  @Test
  void everyCommandPrintsTheBuildsVersion() throws IOException {
    Matcher pom = Pattern.compile("<artifactId>sandbox-egress-operator</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(pom.find()).isTrue();
    String expected = "sandbox-egress-operator " + pom.group(1) + System.lineSeparator();

    for (String command : List.of("", "run", "render", "probe", "diagnose", "history", "demo")) {
      Run run = command.isEmpty() ? Run.of("-V") : Run.of(command, "-V");
      assertThat(run.out()).as(command + " -V").isEqualTo(expected);
    }
  }

  private static void assertNoJavaClassNames(String output) {
    assertThat(JAVA_CLASS.matcher(output).find()).as("Java class name or stack frame in:%n%s", output)
        .isFalse();
  }

  /** A kubeconfig for a port nothing listens on (taken from the system, then closed again). */
  private Path unreachableKubeconfig() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: gone, cluster: {server: "https://127.0.0.1:%d"}}]
        users: [{name: nobody, user: {token: nothing}}]
        contexts: [{name: gone, context: {cluster: gone, user: nobody}}]
        current-context: gone
        """.formatted(port));
  }
}
