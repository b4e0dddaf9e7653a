package io.sandboxegress.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the kube-apiserver, etcd and kubectl binaries of the pinned Kubernetes version are, in the
 * layout of fabric8's kube-api-test: {@code ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<v>-linux-amd64}.
 */
public record TestBinaries(Path testDir, String version, Path directory) {

  /** The Kubernetes version that scripts/k8s-test-binaries.sh builds. */
  public static final String DEFAULT_VERSION = "1.34.4";

  public static TestBinaries locate() {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    Path testDir = dir != null && !dir.isBlank()
        ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".kubeapitest");
    String version = System.getProperty("kube.test.version", DEFAULT_VERSION);
    Path directory = testDir.resolve("k8s").resolve(version + "-" + platform());
    List<String> missing = List.of("kube-apiserver", "etcd", "kubectl").stream()
        .filter(name -> !Files.isExecutable(directory.resolve(name)))
        .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("Kubernetes " + version + " binaries " + missing
          + " are missing from " + directory + ": run scripts/k8s-test-binaries.sh (it builds them"
          + " from their Go modules), or point KUBE_API_TEST_DIR at a directory that has them");
    }
    return new TestBinaries(testDir, version, directory);
  }

  public Path kubectl() {
    return directory.resolve("kubectl");
  }

  private static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String goos = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
    String goarch = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    return goos + "-" + goarch;
  }
}
