package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health check laid out as Argo CD's resource_customizations expects
 * (docs/argocd/resource_customizations/sandboxegress.io/SandboxEgress: health.lua, health_test.yaml,
 * testdata/), ready to contribute upstream: each case of health_test.yaml run by Lua 5.4 against
 * health.lua, as Argo CD's own test does; and health.lua is, line for line, the script docs/argocd.md
 * tells users to paste into argocd-cm, so a change to one without the other fails here.
 */
class ArgoCdResourceCustomizationsTest {

  static final Path DIR = ApiServer.projectRoot()
      .resolve("docs/argocd/resource_customizations/sandboxegress.io/SandboxEgress");

  @BeforeAll
  static void findLua() {
    ArgoCdHealthCheckTest.findLua();
  }

  @Test
  void healthLuaIsTheScriptOfDocsArgocdMd() throws IOException {
    assertThat(normalized(Files.readString(DIR.resolve("health.lua"))))
        .as("health.lua and the argocd-cm script in docs/argocd.md must stay the same")
        .isEqualTo(normalized(ArgoCdHealthCheckTest.healthCheck()));
  }

  @Test
  void everyTestdataFileIsACase() throws IOException {
    try (Stream<Path> files = Files.list(DIR.resolve("testdata"))) {
      assertThat(files.map(f -> "testdata/" + f.getFileName()).sorted().toList())
          .isEqualTo(cases().stream().map(c -> Maps.string(c, "inputPath")).sorted().toList());
    }
  }

  @TestFactory
  Stream<DynamicTest> healthTestYamlCasesPassAgainstHealthLua(@TempDir Path dir) throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(Maps.string(c, "inputPath"), () -> {
      Map<String, Object> input = Chart.documents(Files.readString(DIR.resolve(Maps.string(c, "inputPath")))).get(0);
      String result = run(dir, lua(input));
      assertThat(result).isEqualTo(Maps.string(c, "healthStatus", "status") + "\t"
          + Maps.string(c, "healthStatus", "message"));
    }));
  }

  private static List<Map<String, Object>> cases() throws IOException {
    return Maps.list(Chart.documents(Files.readString(DIR.resolve("health_test.yaml"))).get(0), "tests").stream()
        .map(c -> Maps.map(c)).toList();
  }

  private static String run(Path dir, String obj) throws IOException, InterruptedException {
    Path script = Files.createTempFile(dir, "case", ".lua");
    Files.writeString(script, "obj = " + obj + "\n"
        + "local function health()\n" + Files.readString(DIR.resolve("health.lua")) + "\nend\n"
        + "local hs = health()\n"
        + "io.write(hs.status .. \"\\t\" .. (hs.message or \"\"))\n");
    Process process = new ProcessBuilder(ArgoCdHealthCheckTest.lua, script.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** A YAML value as a Lua table literal, the way Argo CD hands the object to the script. */
  static String lua(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> "[" + quote(e.getKey().toString()) + "] = " + lua(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ArgoCdResourceCustomizationsTest::lua).collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return value == null ? "nil" : quote(value.toString());
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String normalized(String script) {
    return script.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
  }
}
