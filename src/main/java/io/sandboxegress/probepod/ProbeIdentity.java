package io.sandboxegress.probepod;

import io.fabric8.kubernetes.api.model.Pod;
import io.sandboxegress.api.ProbesSpec;
import java.util.Optional;

/**
 * Who a probe pod runs as: the service account and runtime class of a running sandbox, so the same
 * NetworkPolicy, Istio identity and sandbox runtime apply; else what the SandboxEgress configures.
 */
public record ProbeIdentity(String serviceAccountName, String runtimeClassName) {

  public static ProbeIdentity choose(Optional<Pod> sandbox, ProbesSpec probes) {
    if (sandbox.isPresent() && sandbox.get().getSpec() != null) {
      var spec = sandbox.get().getSpec();
      return new ProbeIdentity(spec.getServiceAccountName(), spec.getRuntimeClassName());
    }
    return probes == null ? new ProbeIdentity(null, null)
        : new ProbeIdentity(probes.getServiceAccountName(), probes.getRuntimeClassName());
  }
}
