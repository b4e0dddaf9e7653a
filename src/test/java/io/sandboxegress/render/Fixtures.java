package io.sandboxegress.render;

import io.fabric8.kubernetes.client.utils.Serialization;
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
import java.util.List;

/** The cluster and the inputs the golden files are rendered for. */
public final class Fixtures {

  /** A dual-stack cluster with kubeadm's usual ranges. */
  public static final ClusterNetworks NETWORKS = ClusterNetworks.defaults(
      List.of("10.244.0.0/16", "fd00:10:244::/56"), List.of("10.96.0.0/12", "fd00:10:96::/112"));

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
}
