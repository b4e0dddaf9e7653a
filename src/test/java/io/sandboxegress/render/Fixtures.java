package io.sandboxegress.render;

import io.sandboxegress.backend.Backends;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.EgressPlanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The cluster and the inputs the golden files are rendered for. */
public final class Fixtures {

  /** A dual-stack cluster with kubeadm's usual ranges. */
  public static final ClusterNetworks NETWORKS = ClusterNetworks.defaults(
      List.of("10.244.0.0/16", "fd00:10:244::/56"), List.of("10.96.0.0/12", "fd00:10:96::/112"));

  /** The directories of golden inputs ({@code *.cr.yaml}) under the golden root. */
  public static final List<String> GOLDEN_INPUT_DIRS = List.of("policies", "gateway", "ambient");

  private Fixtures() {}

  public static SandboxEgress read(Path file) {
    try {
      return Serialization.unmarshal(Files.readString(file), SandboxEgress.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static EgressPlan plan(SandboxEgress cr) {
    return new EgressPlanner().plan(cr, NETWORKS).orElseThrow();
  }

  public static ClusterFacts facts(DataPlane dataPlane) {
    return new ClusterFacts(dataPlane != DataPlane.NONE, dataPlane, NETWORKS);
  }

  /**
   * The data planes {@code cr} can land on: its own for an explicit {@code istio.mode}, every one
   * for Auto (then the namespace decides).
   */
  public static List<DataPlane> dataPlanes(SandboxEgress cr) {
    IstioMode mode = cr.getSpec().getIstio() == null || cr.getSpec().getIstio().getMode() == null
        ? IstioMode.Auto : cr.getSpec().getIstio().getMode();
    return switch (mode) {
      case Off -> List.of(DataPlane.NONE);
      case Sidecar -> List.of(DataPlane.SIDECAR);
      case Ambient -> List.of(DataPlane.AMBIENT);
      case Auto -> List.of(DataPlane.NONE, DataPlane.SIDECAR, DataPlane.AMBIENT);
    };
  }

  /** Every input the golden files, invariants and API-server tests render: CRs and examples. */
  public static List<Path> inputs() {
    List<Path> inputs = new ArrayList<>();
    try (Stream<Path> examples = Files.list(Golden.basedir().resolve("examples"))) {
      examples.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(inputs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String dir : GOLDEN_INPUT_DIRS) {
      try (Stream<Path> files = Files.list(Golden.root().resolve(dir))) {
        files.filter(p -> p.toString().endsWith(".cr.yaml")).sorted().forEach(inputs::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return inputs;
  }

  /**
   * The golden file of {@code input} on {@code dataPlane}: its bundle, or the reason it cannot be
   * rendered there.
   */
  public static String renderText(SandboxEgress cr, DataPlane dataPlane) {
    try {
      return BundleYaml.write(Backends.bundleRenderer().render(plan(cr), facts(dataPlane)));
    } catch (UnsupportedDataPlaneException e) {
      return "# not rendered on " + dataPlane + ": " + e.field() + ": " + e.getMessage() + "\n";
    }
  }
}
