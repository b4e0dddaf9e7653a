package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Argo CD health check in docs/argocd.md, exactly as written there, run by Lua 5.4 (Argo CD
 * runs gopher-lua, a Lua 5.1 dialect: the script uses nothing that differs between the two) against
 * sample SandboxEgress objects. CI installs lua5.4 (.ci/run); elsewhere, without it, the test is
 * reported as skipped with the reason, never passed.
 */
class ArgoCdHealthCheckTest {

  static final Path DOC = ApiServer.projectRoot().resolve("docs/argocd.md");
  static final String KEY = "resource.customizations.health.sandboxegress.io_SandboxEgress";

  static String lua;

  @BeforeAll
  static void findLua() {
    lua = Stream.of("lua5.4", "lua").map(ArgoCdHealthCheckTest::onPath).filter(p -> p != null).findFirst()
        .orElse(null);
    if (lua == null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("lua5.4 is not installed: .ci/run installs it");
      }
      Assumptions.abort("lua5.4 is not installed (apt-get install lua5.4): the Argo CD health check is untested");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no status yet                | 1 |                                                                      | Progressing | Waiting for the operator to report a Ready condition
      ready for this generation    | 4 | Ready:True:Verified:4 objects applied:4                              | Healthy     | 4 objects applied
      ready for an older spec      | 5 | Ready:True:Verified:4 objects applied:4                              | Progressing | Waiting for the operator to reconcile generation 5
      stalled                      | 2 | Ready:False:Stalled:cannot apply:2,Stalled:True:InvalidSpec:spec.allow[0].cidr: not a CIDR:2 | Degraded | spec.allow[0].cidr: not a CIDR
      stalled from an older spec   | 3 | Stalled:True:InvalidSpec:spec.allow[0].cidr: not a CIDR:2            | Degraded    | spec.allow[0].cidr: not a CIDR
      still applying               | 3 | Ready:False:Applying:applying 2 objects:3,Stalled:False:Valid::3     | Progressing | applying 2 objects
      dry run rendered             | 1 | Ready:True:DryRun:would apply 3 objects:1                            | Healthy     | would apply 3 objects
      status generation only       | 6 | Ready:True:Verified:ok:                                              | Healthy     | ok
      conflict widens the spec     | 4 | Ready:False:ConflictWidens:the outcome is not what the spec asks:4,Stalled:True:ConflictWidens:NetworkPolicy daytona/web widens it:4 | Degraded | NetworkPolicy daytona/web widens it
      conflicts are advice only    | 4 | Ready:True:Applied:4 objects applied; 1 conflicting objects:4,Stalled:False:Applied::4 | Healthy | 4 objects applied; 1 conflicting objects
      """)
  void healthFollowsReadyStalledAndGeneration(String name, int generation, String conditions, String health,
      String message, @TempDir Path dir) throws Exception {
    String result = run(dir, sample(generation, conditions == null ? "" : conditions.trim()));

    assertThat(result).isEqualTo(health + "\t" + message);
  }

  /** A SandboxEgress as a Lua table; conditions as TYPE:STATUS:REASON:MESSAGE:OBSERVEDGENERATION. */
  private static String sample(int generation, String conditions) {
    if (conditions.isEmpty()) {
      return "{metadata = {name = \"agents\", generation = " + generation + "}}";
    }
    String list = Stream.of(conditions.split(",")).map(c -> {
      String[] f = c.split(":", -1);
      String observed = f[f.length - 1];
      String text = String.join(":", List.of(f).subList(3, f.length - 1));
      return "{type = " + quote(f[0]) + ", status = " + quote(f[1]) + ", reason = " + quote(f[2])
          + (text.isEmpty() ? "" : ", message = " + quote(text))
          + (observed.isEmpty() ? "" : ", observedGeneration = " + observed) + "}";
    }).collect(Collectors.joining(", "));
    return "{metadata = {name = \"agents\", generation = " + generation + "}, status = {observedGeneration = "
        + generation + ", conditions = {" + list + "}}}";
  }

  private static String run(Path dir, String obj) throws IOException, InterruptedException {
    Path script = dir.resolve("check.lua");
    Files.writeString(script, "obj = " + obj + "\n"
        + "local function health()\n" + healthCheck() + "\nend\n"
        + "local hs = health()\n"
        + "io.write(hs.status .. \"\\t\" .. (hs.message or \"\"))\n");
    Process process = new ProcessBuilder(lua, script.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** The Lua under the health key of the argocd-cm ConfigMap in docs/argocd.md. */
  static String healthCheck() throws IOException {
    Matcher block = Pattern.compile("(?s)```yaml\n(.*?)```").matcher(Files.readString(DOC));
    while (block.find()) {
      for (Map<String, Object> document : Chart.documents(block.group(1))) {
        Object script = Maps.at(document, "data", KEY);
        if (script != null) {
          return script.toString();
        }
      }
    }
    throw new AssertionError("docs/argocd.md has no argocd-cm with " + KEY);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
