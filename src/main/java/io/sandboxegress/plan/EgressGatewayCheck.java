package io.sandboxegress.plan;

import io.sandboxegress.api.AllowRule;
import io.sandboxegress.api.EgressGatewaySpec;
import io.sandboxegress.api.IstioMode;
import io.sandboxegress.api.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code spec.istio.egressGateway}: where it is, which pods it is, and whether every allowed host
 * can go through it. The gateway listens on one TLS port and one HTTP port and tells hosts apart by
 * the SNI of the mutual TLS from the sidecar, so a host it carries is an exact name (the gateway
 * resolves it by DNS; a wildcard has no name to resolve) with at most one TLS and one HTTP port,
 * and no TCP port (TCP carries no name), and not a private one (the gateway's NetworkPolicy
 * floor, shared by every SandboxEgress that routes through it, keeps inside addresses blocked).
 */
final class EgressGatewayCheck {

  private static final String FIELD = "spec.istio.egressGateway";
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  private EgressGatewayCheck() {}

  static Optional<EgressGateway> check(EgressGatewaySpec spec, IstioMode mode,
      List<AllowRule> allow, List<HostRule> hosts, List<FieldError> errors) {
    if (spec == null) {
      return Optional.empty();
    }
    int before = errors.size();
    if (mode == IstioMode.Off || mode == IstioMode.Ambient) {
      errors.add(new FieldError(FIELD, "an egress gateway needs Istio sidecars, and istio.mode is "
          + mode + (mode == IstioMode.Ambient ? ": in ambient mode the waypoint is the egress"
          + " gateway; remove spec.istio.egressGateway" : ": remove spec.istio.egressGateway,"
          + " or set istio.mode to Auto or Sidecar")));
    }
    String namespace = spec.getNamespace();
    if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
      errors.add(new FieldError(FIELD + ".namespace", "namespace must be a namespace name: at most"
          + " 63 lower-case letters, digits or '-', starting and ending with a letter or digit"));
    }
    checkSelector(spec.getSelector(), errors);
    checkHosts(allow, hosts, errors);
    if (errors.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new EgressGateway(namespace, new TreeMap<>(spec.getSelector())));
  }

  private static void checkSelector(Map<String, String> selector, List<FieldError> errors) {
    if (selector == null || selector.isEmpty()) {
      errors.add(new FieldError(FIELD + ".selector", "selector must name the gateway pods' labels,"
          + " e.g. {istio: egressgateway}: an empty selector would select every pod"));
      return;
    }
    selector.forEach((key, value) -> {
      String field = FIELD + ".selector[" + key + "]";
      Labels.keyProblem(key).ifPresent(message -> errors.add(new FieldError(field, message)));
      Labels.valueProblem(value).ifPresent(message -> errors.add(new FieldError(field, message)));
      if (value == null || value.isEmpty()) {
        errors.add(new FieldError(field, "a gateway selector label needs a value"));
      }
    });
  }

  private static void checkHosts(List<AllowRule> allow, List<HostRule> hosts,
      List<FieldError> errors) {
    for (HostRule host : hosts) {
      String field = firstField(allow, host.host());
      if (host.wildcard()) {
        errors.add(new FieldError(field + ".host", "wildcard host " + host.host() + " cannot go"
            + " through an egress gateway: the gateway resolves each host by DNS and a wildcard"
            + " names no host to resolve; list the exact hosts, or remove"
            + " spec.istio.egressGateway"));
        continue;
      }
      Optional<String> privateField = privateField(allow, host.host());
      if (privateField.isPresent()) {
        errors.add(new FieldError(privateField.get(), host.host() + " is private and cannot go"
            + " through an egress gateway: the gateway's NetworkPolicy keeps private, metadata and"
            + " cluster addresses blocked for every SandboxEgress that shares it; reach it without"
            + " the gateway (remove spec.istio.egressGateway) with a cidr rule for its addresses"));
        continue;
      }
      long tls = host.ports().stream().filter(p -> p.protocol() == Protocol.TLS).count();
      long http = host.ports().stream().filter(p -> p.protocol() == Protocol.HTTP).count();
      if (host.ports().stream().anyMatch(p -> p.protocol() == Protocol.TCP)) {
        errors.add(new FieldError(field + ".ports", "TCP port of " + host.host() + " cannot go"
            + " through an egress gateway: TCP carries no host name for the gateway to check;"
            + " use protocol TLS or HTTP, or a cidr rule for the host's addresses"));
      }
      if (tls > 1 || http > 1) {
        errors.add(new FieldError(field + ".ports", host.host() + " has " + host.ports()
            + ": through an egress gateway a host has at most one TLS port and one HTTP port"
            + " (the gateway listens on one of each)"));
      }
    }
  }

  /** {@code spec.allow[i].private} of the first rule that names {@code host} private. */
  private static Optional<String> privateField(List<AllowRule> allow, String host) {
    for (int i = 0; allow != null && i < allow.size(); i++) {
      AllowRule rule = allow.get(i);
      if (rule != null && host.equals(rule.getHost())
          && Boolean.TRUE.equals(rule.getPrivateRange())) {
        return Optional.of("spec.allow[" + i + "].private");
      }
    }
    return Optional.empty();
  }

  /** {@code spec.allow[i]} of the first rule that names {@code host}. */
  private static String firstField(List<AllowRule> allow, String host) {
    for (int i = 0; allow != null && i < allow.size(); i++) {
      if (allow.get(i) != null && host.equals(allow.get(i).getHost())) {
        return "spec.allow[" + i + "]";
      }
    }
    return "spec.allow";
  }
}
