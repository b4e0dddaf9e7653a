package io.sandboxegress.plan;

import io.sandboxegress.api.ProbeTarget;
import io.sandboxegress.api.ProbesSpec;
import io.sandboxegress.api.RolloutSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/** The schema and CEL checks on probes and rollout, repeated for offline rendering. */
final class SpecBoundsCheck {

  static final int MAX_PROBE_TARGETS = 16;
  private static final Set<String> SCHEMES = Set.of("http", "https", "tcp");

  private SpecBoundsCheck() {}

  static void checkProbes(ProbesSpec probes, List<FieldError> errors) {
    if (probes == null) {
      return;
    }
    range(probes.getIntervalSeconds(), 30, 86400, "spec.probes.intervalSeconds", errors);
    range(probes.getTimeoutSeconds(), 1, 60, "spec.probes.timeoutSeconds", errors);
    List<ProbeTarget> targets = probes.getTargets();
    if (targets == null) {
      return;
    }
    if (targets.size() > MAX_PROBE_TARGETS) {
      errors.add(new FieldError("spec.probes.targets", "at most " + MAX_PROBE_TARGETS
          + " probe targets: every result must fit in the probe pod's termination message"));
    }
    for (int i = 0; i < targets.size(); i++) {
      checkUrl(targets.get(i) == null ? null : targets.get(i).getUrl(),
          "spec.probes.targets[" + i + "].url", errors);
    }
  }

  static void checkRollout(RolloutSpec rollout, List<FieldError> errors) {
    if (rollout != null) {
      range(rollout.getHistoryLimit(), 1, 100, "spec.rollout.historyLimit", errors);
    }
  }

  private static void checkUrl(String url, String field, List<FieldError> errors) {
    String example = "e.g. https://pypi.org/simple/ or tcp://140.82.112.3:22";
    if (url == null || url.isEmpty() || url.length() > 512) {
      errors.add(new FieldError(field, "probe url is required, at most 512 characters, " + example));
      return;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null || !SCHEMES.contains(scheme) || uri.getHost() == null
          || uri.getHost().isEmpty()) {
        errors.add(new FieldError(field, "probe url must be absolute, with scheme http, https or"
            + " tcp, " + example));
      } else if (scheme.equals("tcp") && uri.getPort() < 0) {
        errors.add(new FieldError(field, "a tcp:// probe url needs a port, e.g."
            + " tcp://140.82.112.3:22"));
      }
    } catch (URISyntaxException e) {
      errors.add(new FieldError(field, "probe url is not a valid URL (" + e.getReason() + "), "
          + example));
    }
  }

  private static void range(Integer value, int min, int max, String field,
      List<FieldError> errors) {
    if (value != null && (value < min || value > max)) {
      errors.add(new FieldError(field, "must be between " + min + " and " + max));
    }
  }
}
