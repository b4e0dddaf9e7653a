package io.sandboxegress.render;

import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.DataPlane;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden input and every example, on each data plane it can land on, against its golden
 * file: {@code policies/} on every data plane, {@code gateway/} (an egress gateway) on sidecars,
 * {@code ambient/} on ambient, examples as their {@code istio.mode} allows. Where the plan cannot
 * be carried out on a data plane, the golden file holds the reason.
 */
class BundleGoldenTest {

  static Stream<Arguments> inputs() {
    return Fixtures.inputs().stream().flatMap(input -> planes(input).map(plane ->
        Arguments.of(input.getParent().getFileName() + "/" + input.getFileName(), input, plane)));
  }

  private static Stream<DataPlane> planes(Path input) {
    String dir = input.getParent().getFileName().toString();
    return switch (dir) {
      case "gateway" -> Stream.of(DataPlane.SIDECAR);
      case "ambient" -> Stream.of(DataPlane.AMBIENT);
      default -> Fixtures.dataPlanes(Fixtures.read(input)).stream();
    };
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("inputs")
  void matchesItsGoldenFile(String name, Path input, DataPlane dataPlane) {
    SandboxEgress cr = Fixtures.read(input);
    String file = input.getFileName().toString();
    String base = file.substring(0, file.length()
        - (file.endsWith(".cr.yaml") ? ".cr.yaml".length() : ".yaml".length()));
    String dir = input.getParent().getFileName().toString();
    Golden.assertMatches(dir + "/" + base + "." + dataPlane.name().toLowerCase(Locale.ROOT)
        + ".yaml", Fixtures.renderText(cr, dataPlane));
  }
}
