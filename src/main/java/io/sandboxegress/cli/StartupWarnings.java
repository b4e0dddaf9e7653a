package io.sandboxegress.cli;

import io.sandboxegress.reconcile.ProbeSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code run} warns about as it starts: settings whose absence a user would otherwise learn
 * about only from probe pods stuck pulling an image, or from a cluster range left open.
 */
final class StartupWarnings {

  private StartupWarnings() {}

  /**
   * @param inCluster whether the operator runs in a pod (its chart and manifests set the probe
   *     image there; outside, the default image is almost never one the nodes can pull)
   */
  static List<String> of(String probeImage, List<String> podCidrs, List<String> serviceCidrs,
      boolean inCluster) {
    List<String> warnings = new ArrayList<>();
    if (!inCluster && ProbeSettings.DEFAULT_IMAGE.equals(probeImage)) {
      warnings.add("no --probe-image (env PROBE_IMAGE): probe pods will run image "
          + ProbeSettings.DEFAULT_IMAGE + ", which the cluster's nodes can pull only if it was loaded"
          + " onto them; until then every probe ends as ProbeError. Push this operator's image and"
          + " pass --probe-image REGISTRY/sandbox-egress-operator:TAG");
    }
    List<String> missing = new ArrayList<>();
    if (podCidrs.isEmpty()) {
      missing.add("--pod-cidr (env POD_CIDRS)");
    }
    if (serviceCidrs.isEmpty()) {
      missing.add("--service-cidr (env SERVICE_CIDRS)");
    }
    if (!missing.isEmpty()) {
      warnings.add("no " + String.join(" and no ", missing) + ": the operator cannot tell the"
          + " cluster's own ranges apart. Where they lie outside the private ranges (RFC 1918, CGNAT),"
          + " AllowInternet leaves them open and a cidr rule reaches them without private: true. Pass"
          + " the cluster's ranges, e.g. --pod-cidr 10.244.0.0/16 --service-cidr 10.96.0.0/12");
    }
    return warnings;
  }
}
