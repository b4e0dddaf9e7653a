package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.local.TestBinaries;
import io.sandboxegress.testing.ApiServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl sbe}: the launcher plugins/kubectl-sbe, run by the real kubectl as a plugin the way
 * krew installs it (a symlink on PATH to the launcher beside the jar), and the krew manifest
 * plugins/sbe.yaml, kept in step with the launcher.
 */
class KubectlPluginTest {

  static final Path ROOT = ApiServer.projectRoot();
  static final Path LAUNCHER = ROOT.resolve("plugins/kubectl-sbe");
  static final Path MANIFEST = ROOT.resolve("plugins/sbe.yaml");
  static final String JAR = "sandbox-egress-operator.jar";

  @Test
  void kubectlRunsTheLauncherWhichRunsTheJarBesideIt(@TempDir Path dir) throws Exception {
    Path path = krewLayout(dir);

    Result render = kubectl(path, Map.of(), "sbe", "render", "-f", ROOT.resolve("examples/deny-all.yaml").toString(),
        "--data-plane", "none");
    Result version = kubectl(path, Map.of(), "sbe", "--version");

    assertThat(render.exitCode()).as(render.output()).isZero();
    assertThat(render.output()).contains("kind: \"NetworkPolicy\"").contains("sandboxegress.io/owner: \"offline-builds\"");
    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(version.output()).containsPattern("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void theLauncherSaysWhatIsWrongInOneLine(@TempDir Path dir) throws Exception {
    Path path = krewLayout(dir);

    Result run = kubectl(path, Map.of(), "sbe", "run");
    Result noJar = kubectl(path, Map.of("SANDBOX_EGRESS_JAR", dir.resolve("absent.jar").toString()), "sbe", "render");
    Result help = kubectl(path, Map.of(), "sbe");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).startsWith("kubectl sbe: unknown command 'run'");
    assertThat(noJar.exitCode()).isEqualTo(1);
    assertThat(noJar.output()).contains("no sandbox-egress-operator.jar at " + dir.resolve("absent.jar"))
        .contains("SANDBOX_EGRESS_JAR");
    assertThat(help.exitCode()).isZero();
    assertThat(help.output()).startsWith("Usage: kubectl sbe render|diagnose|history|probe");
  }

  @Test
  void theKrewManifestHasWhatKrewRequiresAndMatchesTheLauncher() throws IOException {
    Map<String, Object> manifest = Chart.documents(Files.readString(MANIFEST)).get(0);
    Map<String, Object> chart = Chart.documents(Files.readString(Chart.DIR.resolve("Chart.yaml"))).get(0);

    assertThat(manifest).containsEntry("apiVersion", "krew.googlecontainertools.github.com/v1alpha2")
        .containsEntry("kind", "Plugin");
    assertThat(Maps.string(manifest, "metadata", "name")).as("krew: the file is named after the plugin")
        .isEqualTo(MANIFEST.getFileName().toString().replace(".yaml", ""))
        .isEqualTo(LAUNCHER.getFileName().toString().replace("kubectl-", ""));
    assertThat(Maps.string(manifest, "spec", "version")).isEqualTo("v" + chart.get("appVersion"));
    assertThat(Maps.string(manifest, "spec", "shortDescription")).isNotBlank().hasSizeLessThanOrEqualTo(50);
    assertThat(Maps.string(manifest, "spec", "description")).isNotBlank();
    List<Object> platforms = Maps.list(manifest, "spec", "platforms");
    assertThat(platforms).isNotEmpty().allSatisfy(platform -> {
      assertThat(Maps.list(platform, "selector", "matchExpressions")).isNotEmpty();
      assertThat(Maps.string(platform, "uri")).startsWith("https://").endsWith(".tar.gz");
      assertThat(Maps.string(platform, "sha256")).matches("[0-9a-f]{64}");
      assertThat(Maps.string(platform, "bin")).isEqualTo(LAUNCHER.getFileName().toString());
      assertThat(Maps.list(platform, "files")).extracting(f -> Maps.string(f, "from") + " -> " + Maps.string(f, "to"))
          .containsExactlyInAnyOrder("kubectl-sbe -> .", JAR + " -> .");
    });
    assertThat(Files.isExecutable(LAUNCHER)).isTrue();
    assertThat(Files.readString(LAUNCHER)).as("the launcher looks for the jar the manifest installs beside it")
        .contains("$(dirname \"$self\")/" + JAR);
    assertThat(commandsIn(Maps.string(manifest, "spec", "description")))
        .isEqualTo(launcherCommands()).containsExactlyInAnyOrder("render", "diagnose", "history", "probe");
  }

  @Test
  void theReadmeShowsEveryCommandOfThePlugin() throws IOException {
    assertThat(commandsIn(Files.readString(ROOT.resolve("README.md")))).containsAll(launcherCommands());
  }

  /** The commands the launcher passes on to the jar (its case branch before the help). */
  private static Set<String> launcherCommands() throws IOException {
    Matcher branch = Pattern.compile("(?m)^\\s*(render\\|[a-z|]+)\\|--version").matcher(Files.readString(LAUNCHER));
    assertThat(branch.find()).as("the launcher's case branch of commands").isTrue();
    return new LinkedHashSet<>(List.of(branch.group(1).split("\\|")));
  }

  private static Set<String> commandsIn(String text) {
    Matcher command = Pattern.compile("(?m)^\\s*kubectl sbe ([a-z]+)").matcher(text);
    Set<String> commands = new LinkedHashSet<>();
    while (command.find()) {
      commands.add(command.group(1));
    }
    return commands;
  }

  /**
   * A krew-like install: the launcher and a jar in a store directory, a symlink to the launcher in
   * a bin directory on PATH. The jar holds only a manifest that runs the CLI from this test's
   * class path: the launcher cannot tell it from the shaded jar.
   */
  private static Path krewLayout(Path dir) throws IOException {
    Path store = Files.createDirectories(dir.resolve("store/sbe/v0.1.0"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(LAUNCHER, store.resolve("kubectl-sbe"));
    Files.createSymbolicLink(bin.resolve("kubectl-sbe"), store.resolve("kubectl-sbe"));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.sandboxegress.cli.Main");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toUri().toString()).collect(Collectors.joining(" ")));
    try (OutputStream out = Files.newOutputStream(store.resolve(JAR));
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
    String java = Path.of(System.getProperty("java.home"), "bin").toString();
    return Path.of(bin + File.pathSeparator + java + File.pathSeparator + "/usr/bin:/bin");
  }

  private static Result kubectl(Path path, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(TestBinaries.locate().kubectl().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JAVA_HOME");
    builder.environment().remove("SANDBOX_EGRESS_JAR");
    builder.environment().put("PATH", path.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s:\n" + output);
    }
    return new Result(process.exitValue(), output);
  }

  record Result(int exitCode, String output) {}
}
