package io.sandboxegress.diagnose;

import io.fabric8.istio.api.api.networking.v1alpha3.IstioEgressListener;
import io.fabric8.istio.api.api.networking.v1alpha3.OutboundTrafficPolicyMode;
import io.fabric8.istio.api.networking.v1.Sidecar;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a Sidecar does to outbound traffic, in words. */
final class SidecarText {

  private SidecarText() {}

  /** The outboundTrafficPolicy mode it sets, if it sets one. */
  static Optional<OutboundTrafficPolicyMode> mode(Sidecar sidecar) {
    var spec = sidecar.getSpec();
    return spec == null || spec.getOutboundTrafficPolicy() == null
        ? Optional.empty() : Optional.ofNullable(spec.getOutboundTrafficPolicy().getMode());
  }

  static boolean registryOnly(Sidecar sidecar) {
    return mode(sidecar).map(m -> m == OutboundTrafficPolicyMode.REGISTRY_ONLY).orElse(false);
  }

  /** e.g. "outboundTrafficPolicy REGISTRY_ONLY, egress hosts ./pypi.org". */
  static String describe(Sidecar sidecar) {
    String mode = mode(sidecar).map(m -> "outboundTrafficPolicy " + m.name())
        .orElse("outboundTrafficPolicy from the mesh default");
    List<String> hosts = sidecar.getSpec() == null || sidecar.getSpec().getEgress() == null ? List.of()
        : sidecar.getSpec().getEgress().stream().map(IstioEgressListener::getHosts)
            .filter(Objects::nonNull).flatMap(List::stream).toList();
    return mode + ", egress hosts " + (hosts.isEmpty() ? "not restricted" : String.join(", ", hosts));
  }
}
