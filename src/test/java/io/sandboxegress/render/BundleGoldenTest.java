package io.sandboxegress.render;

import io.sandboxegress.facts.DataPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every policy and every example, on each implemented data plane, against its golden file. */
class BundleGoldenTest {

  private static final List<DataPlane> DATA_PLANES = List.of(DataPlane.NONE, DataPlane.SIDECAR);

  static Stream<Arguments> policies() {
    return Stream.of("allow-list", "allow-internet", "deny-all").flatMap(policy ->
        DATA_PLANES.stream().map(plane -> Arguments.of(policy, plane)));
  }

  static Stream<Arguments> examples() throws IOException {
    try (Stream<Path> files = Files.list(Golden.basedir().resolve("examples"))) {
      List<Path> examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      return examples.stream().flatMap(example ->
          DATA_PLANES.stream().map(plane -> Arguments.of(example.getFileName().toString(), plane)));
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("policies")
  void policy(String policy, DataPlane dataPlane) {
    Path input = Golden.root().resolve("policies/" + policy + ".cr.yaml");
    assertGolden(input, "policies/" + policy + "." + name(dataPlane) + ".yaml", dataPlane);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("examples")
  void example(String example, DataPlane dataPlane) {
    Path input = Golden.basedir().resolve("examples/" + example);
    String base = example.substring(0, example.length() - ".yaml".length());
    assertGolden(input, "examples/" + base + "." + name(dataPlane) + ".yaml", dataPlane);
  }

  private static void assertGolden(Path input, String golden, DataPlane dataPlane) {
    Bundle bundle = new BundleRenderer().render(Fixtures.plan(Fixtures.read(input)),
        Fixtures.facts(dataPlane));
    Golden.assertMatches(golden, BundleYaml.write(bundle));
  }

  private static String name(DataPlane dataPlane) {
    return dataPlane.name().toLowerCase(Locale.ROOT);
  }
}
