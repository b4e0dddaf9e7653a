package io.sandboxegress.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's pinned binaries, as {@code scripts/lab-binaries.sh} lists them in
 * {@code ${LAB_BIN_DIR:-~/.cache/sandbox-egress-lab}/lab-binaries.env}: the script is the one place
 * that knows the versions.
 */
public record LabBinaries(Path kubeRouter, Path pilotDiscovery, Path pilotAgent, Path envoy,
    Path istioBootstrap, Path istioCrds) {

  static final String SCRIPT = "scripts/lab-binaries.sh";

  public static Path directory() {
    String dir = System.getenv("LAB_BIN_DIR");
    return dir != null && !dir.isBlank() ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".cache", "sandbox-egress-lab");
  }

  /** The binaries, or why they cannot be used (not built yet, or one is missing). */
  public static Availability<LabBinaries> locate() {
    Path list = directory().resolve("lab-binaries.env");
    if (!Files.isRegularFile(list)) {
      return Availability.missing("the lab binaries are not built: run " + SCRIPT + " (it builds them"
          + " from the Go module proxy and PyPI; the first build takes about 15 minutes on two cores)");
    }
    Map<String, Path> paths = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(list)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          paths.put(line.substring(0, eq).strip(), Path.of(line.substring(eq + 1).strip()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> keys = List.of("KUBE_ROUTER", "PILOT_DISCOVERY", "PILOT_AGENT", "ENVOY", "ISTIO_BOOTSTRAP", "ISTIO_CRDS");
    Optional<String> absent = keys.stream()
        .filter(k -> paths.get(k) == null || !Files.isReadable(paths.get(k)))
        .findFirst();
    if (absent.isPresent()) {
      return Availability.missing(list + " names no readable " + absent.get() + ": run " + SCRIPT + " again");
    }
    return Availability.of(new LabBinaries(paths.get("KUBE_ROUTER"), paths.get("PILOT_DISCOVERY"),
        paths.get("PILOT_AGENT"), paths.get("ENVOY"), paths.get("ISTIO_BOOTSTRAP"), paths.get("ISTIO_CRDS")));
  }
}
