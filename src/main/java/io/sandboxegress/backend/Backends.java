package io.sandboxegress.backend;

import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.sandboxegress.backend.OwnedKind.Placement;
import io.sandboxegress.render.BundleRenderer;
import io.sandboxegress.render.IstioAmbientRenderer;
import io.sandboxegress.render.IstioEgressGatewayRenderer;
import io.sandboxegress.render.IstioSidecarRenderer;
import io.sandboxegress.render.NetworkPolicyRenderer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every backend, registered in this one place: adding one is its renderer, the kinds it owns, and
 * a line here (see docs/architecture.md for the rest it touches). The order is the order of the
 * objects in a rendered bundle.
 */
public final class Backends {

  public static final List<Backend> ALL = List.of(
      new Backend("kubernetes-networkpolicy", new NetworkPolicyRenderer(),
          List.of(new OwnedKind(NetworkPolicy.class, "networkpolicies", Placement.BOTH))),
      new Backend("istio-sidecar", new IstioSidecarRenderer(), List.of(
          new OwnedKind(Sidecar.class, "sidecars", Placement.OWNER_NAMESPACE),
          new OwnedKind(ServiceEntry.class, "serviceentries", Placement.OWNER_NAMESPACE))),
      new Backend("istio-egress-gateway", new IstioEgressGatewayRenderer(), List.of(
          new OwnedKind(ServiceEntry.class, "serviceentries", Placement.OWNER_NAMESPACE),
          new OwnedKind(DestinationRule.class, "destinationrules", Placement.OWNER_NAMESPACE),
          new OwnedKind(VirtualService.class, "virtualservices", Placement.OWNER_NAMESPACE),
          new OwnedKind(Gateway.class, "gateways", Placement.GATEWAY_NAMESPACE),
          new OwnedKind(AuthorizationPolicy.class, "authorizationpolicies", Placement.GATEWAY_NAMESPACE),
          new OwnedKind(NetworkPolicy.class, "networkpolicies", Placement.GATEWAY_NAMESPACE))),
      new Backend("istio-ambient", new IstioAmbientRenderer(), List.of(
          new OwnedKind(ServiceEntry.class, "serviceentries", Placement.OWNER_NAMESPACE),
          new OwnedKind(AuthorizationPolicy.class, "authorizationpolicies", Placement.OWNER_NAMESPACE))));

  private Backends() {}

  /** The renderer of every backend, objects in the registry's kind order. */
  public static BundleRenderer bundleRenderer() {
    return new BundleRenderer(ALL.stream().map(Backend::renderer).toList(),
        kinds().stream().map(OwnedKind::kind).distinct().toList());
  }

  /** The kinds that may live in an egress gateway's namespace: applied and removed outside owner references. */
  public static List<Class<? extends HasMetadata>> gatewayNamespaceKinds() {
    return kinds().stream().filter(OwnedKind::inGatewayNamespace).map(OwnedKind::type).distinct().toList();
  }

  /** Every owned kind, once per placement a backend declares, in registration order. */
  public static Set<OwnedKind> kinds() {
    Set<OwnedKind> kinds = new LinkedHashSet<>();
    ALL.forEach(backend -> kinds.addAll(backend.kinds()));
    return kinds;
  }
}
