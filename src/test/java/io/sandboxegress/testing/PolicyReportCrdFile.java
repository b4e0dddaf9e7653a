package io.sandboxegress.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Policy WG's PolicyReport CRD as {@code scripts/policy-report-crd.sh} left it, named in
 * {@code ${POLICY_REPORT_CRD_DIR:-~/.cache/sandbox-egress-policy-report}/policy-report-crd.env}:
 * the script is the one place that knows the pinned version.
 */
public final class PolicyReportCrdFile {

  static final String SCRIPT = "scripts/policy-report-crd.sh";
  private static final String KEY = "POLICY_REPORT_CRD=";

  private PolicyReportCrdFile() {}

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
