package io.sandboxegress.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.local.CrdInstaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Policy WG's PolicyReport CRD as {@code scripts/policy-report-crd.sh} left it, named in
 * {@code ${POLICY_REPORT_CRD_DIR:-~/.cache/sandbox-egress-policy-report}/policy-report-crd.env}:
 * the script is the one place that knows the pinned version. It is cluster-wide and not part of
 * the suite's API server: a test that needs it installs it, and removes it when done.
 */
public final class PolicyReportCrd {

  static final String SCRIPT = "scripts/policy-report-crd.sh";
  private static final String KEY = "POLICY_REPORT_CRD=";

  public static final String NAME = "policyreports.wgpolicyk8s.io";
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private PolicyReportCrd() {}

  /** Installs it and waits until it is Established. */
  public static void install(KubernetesClient client) {
    new CrdInstaller(client).install(List.of(locate()));
  }

  /** Deletes it and waits until it is gone (with every PolicyReport). */
  public static void remove(KubernetesClient client) {
    client.apiextensions().v1().customResourceDefinitions().withName(NAME).delete();
    await().atMost(DEADLINE).until(() ->
        client.apiextensions().v1().customResourceDefinitions().withName(NAME).get() == null);
  }

  public static boolean installed(KubernetesClient client) {
    return client.apiextensions().v1().customResourceDefinitions().withName(NAME).get() != null;
  }

  /** The CRD file; fails, saying what to run, when the script has not run. */
  public static Path locate() {
    Path list = directory().resolve("policy-report-crd.env");
    if (!Files.isRegularFile(list)) {
      throw new IllegalStateException("the PolicyReport CRD is not fetched: run " + SCRIPT + " (or make test-binaries)");
    }
    Optional<Path> file;
    try {
      file = Files.readAllLines(list).stream().filter(l -> l.startsWith(KEY))
          .map(l -> Path.of(l.substring(KEY.length()).strip())).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.filter(Files::isReadable).orElseThrow(() ->
        new IllegalStateException(list + " names no readable CRD file: run " + SCRIPT + " again"));
  }

  private static Path directory() {
    String dir = System.getenv("POLICY_REPORT_CRD_DIR");
    return dir != null && !dir.isBlank() ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".cache", "sandbox-egress-policy-report");
  }
}
