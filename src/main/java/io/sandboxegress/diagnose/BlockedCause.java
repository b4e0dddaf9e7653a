package io.sandboxegress.diagnose;

import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.sandboxegress.api.AllowRule;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import io.sandboxegress.api.Expectation;
import io.sandboxegress.api.PortSpec;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.plan.IpBlock;
import io.sandboxegress.probe.ProbeOutcome;
import io.sandboxegress.probe.ProbeReason;
import io.sandboxegress.probe.TargetUrl;
import io.sandboxegress.probepod.ProbeVerdict;
import io.sandboxegress.probepod.ProbeVerdicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a probe target is not what it should be, across layers: from the observed reason and the
 * objects in the namespace, the most likely cause and its fix, in one bounded sentence. A target
 * reached that should be blocked points at what widens (a NetworkPolicy, a second Sidecar, a
 * ServiceEntry, the spec itself, or host names enforced at port level without a mesh); one blocked
 * that should be reached points at what the reason implies (Envoy's 403: a DENY policy; Envoy's
 * 502 or a reset handshake: a host or port missing from the Sidecar's registry; DnsFailure: DNS
 * egress; a refused connection: no NetworkPolicy rule on the port).
 */
final class BlockedCause {

  static final int LIMIT = 600;
  private static final List<Integer> DEFAULT_HOST_PORTS = List.of(443, 80);

  private final NamespaceObjects objects;
  private final Optional<OwnedEgress> owned;
  private final List<Conflict> conflicts;

  BlockedCause(NamespaceObjects objects, Optional<OwnedEgress> owned, List<Conflict> conflicts) {
    this.objects = objects;
    this.owned = owned;
    this.conflicts = conflicts;
  }

  /** The likely cause of a failing verdict; empty for a passing one or a probe that could not run. */
  Optional<String> explain(ProbeStatus probe) {
    if (ProbeVerdicts.verdict(probe).filter(v -> v == ProbeVerdict.Fail).isEmpty()
        || ProbeVerdicts.outcome(probe).filter(o -> o == ProbeOutcome.Error).isPresent()) {
      return Optional.empty();
    }
    TargetUrl target;
    try {
      target = TargetUrl.parse(probe.getTarget());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String cause = probe.getExpect() == Expectation.Blocked ? reached(target) : blocked(target, probe.getReason());
    return Optional.of(cause.length() <= LIMIT ? cause : cause.substring(0, cause.lastIndexOf(' ', LIMIT - 2)) + " …");
  }

  private String reached(TargetUrl target) {
    for (NetworkPolicy policy : undermining("NetworkPolicy", ConflictEffect.Widens, objects.networkPolicies())) {
      Optional<NetworkPolicyEgressRule> rule = egress(policy).stream()
          .filter(r -> allowsPort(r, target.port())).findFirst();
      if (rule.isPresent()) {
        return "NetworkPolicy " + name(policy) + " selects the sandboxes and allows egress "
            + EgressRuleText.describe(rule.get()) + ", which the spec does not: NetworkPolicy rules add up,"
            + " so " + target.host() + ":" + target.port() + " is reached through it. Fix: change its"
            + " podSelector so that it does not select the sandboxes, or remove that rule.";
      }
    }
    for (Sidecar sidecar : undermining("Sidecar", ConflictEffect.Undefined, objects.sidecars())) {
      return "Sidecar " + name(sidecar) + " also selects the sandboxes (" + SidecarText.describe(sidecar)
          + ") and Istio may apply it instead of the operator's. Fix: change its workloadSelector so that"
          + " it does not match the sandboxes, or delete it.";
    }
    for (Conflict entry : conflicts) {
      if ("ServiceEntry".equals(entry.getKind()) && entry.getEffect() == ConflictEffect.Widens) {
        return "ServiceEntry " + entry.getNamespace() + "/" + entry.getName() + " in the sandboxes' namespace"
            + " adds to what their sidecars route (see status.conflicts). Fix: give it an exportTo that"
            + " leaves this namespace out, or move it.";
      }
    }
    Optional<Integer> rule = allowRule(target);
    if (rule.isPresent()) {
      return "spec.allow[" + rule.get() + "] allows " + target.host() + " on port " + target.port()
          + ". Fix: remove it from spec.allow, or expect Reachable.";
    }
    if (!objects.sidecarsInjected() && !IpBlock.parse(target.host() + "/32").isPresent()
        && allowedHostPorts().contains(target.port())) {
      return "the sandboxes run no Istio sidecar, so host names are enforced at port level only: every"
          + " public host is reachable on port " + target.port() + ", which spec.allow opens for its"
          + " hosts. Fix: put namespace " + objects.sandboxes().namespace() + " in the mesh"
          + " (istio-injection=enabled) to enforce host names, or expect Reachable.";
    }
    return "nothing in namespace " + objects.sandboxes().namespace() + " explains it: the address may lie"
        + " in an allowed CIDR, or the network plugin may not enforce NetworkPolicies. Fix: check that"
        + " the cluster's network plugin enforces NetworkPolicy egress.";
  }

  private String blocked(TargetUrl target, String reason) {
    String host = target.host();
    int port = target.port();
    return switch (ProbeReason.fromWire(reason).orElse(ProbeReason.ProbeError)) {
      case EnvoyRbacDenied -> rbacDenied(host);
      case EnvoyBlackhole, TlsHandshakeReset, EnvoyLocalReply -> notInRegistry(target, reason);
      case DnsFailure -> dns(host);
      default -> noRule(target, reason).orElse(reason + " on " + host + ":" + port + " while the"
          + " NetworkPolicies allow port " + port + ": the destination itself refused or is down, or"
          + " a firewall outside the cluster drops it. Fix: check the destination from outside the"
          + " cluster.");
    };
  }

  private String rbacDenied(String host) {
    List<String> deny = objects.authorizationPolicies().stream()
        .filter(p -> p.getSpec() != null && p.getSpec().getAction() == AuthorizationPolicyAction.DENY)
        .map(BlockedCause::name).limit(3).toList();
    String which = deny.isEmpty() ? "no DENY AuthorizationPolicy in namespace "
        + objects.sandboxes().namespace() + " or the mesh root namespace, so it is one at the destination"
        + " (an in-mesh service), at the egress gateway or at a waypoint"
        : "DENY AuthorizationPolicy " + String.join(", ", deny) + " (policies that select the sandboxes"
            + " check only requests INTO them; this 403 came from the destination's sidecar, the egress"
            + " gateway or a waypoint they apply to)";
    return "Envoy answered 403 RBAC: access denied for " + host + ": an AuthorizationPolicy denied it: "
        + which + ". Fix: exclude the sandboxes' identities from its rules, or delete it.";
  }

  private String notInRegistry(TargetUrl target, String reason) {
    if (!objects.sidecarsInjected()) {
      return reason + " without an Istio sidecar on the sandboxes: the destination or a proxy on the way"
          + " refused " + target.host() + ". Fix: check the destination from outside the cluster.";
    }
    List<Integer> hostRules = hostRules(target.host());
    if (hostRules.isEmpty()) {
      return target.host() + " is not in spec.allow, so the Sidecar does not import it and REGISTRY_ONLY"
          + " sends it to the BlackHoleCluster (" + reason + "). Fix: add {host: " + target.host()
          + "} to spec.allow, or expect Blocked.";
    }
    // the spec allows it: then what decides instead of the spec is the likely cause
    for (Conflict conflict : conflicts) {
      if (conflict.getEffect() == ConflictEffect.Undefined || conflict.getEffect() == ConflictEffect.Overrides) {
        return conflict.getKind() + " " + conflict.getNamespace() + "/" + conflict.getName() + " decides for"
            + " the sandboxes' sidecars instead of the spec (" + conflict.getEffect() + ", see"
            + " status.conflicts), so " + target.host() + " is not in the registry they use. Fix: "
            + afterFix(conflict.getMessage());
      }
    }
    List<Integer> ports = hostRules.stream().flatMap(i -> ports(owned.get().allow().get(i)).stream())
        .distinct().toList();
    if (!ports.contains(target.port())) {
      return "spec.allow gives " + target.host() + " ports " + ports + ", not " + target.port()
          + ", so the Sidecar's registry has no " + target.host() + ":" + target.port() + " (" + reason
          + "). Fix: add {number: " + target.port() + "} to the ports of spec.allow[" + hostRules.get(0) + "].";
    }
    return target.host() + " is in spec.allow and the operator's Sidecar imports it, yet Envoy did not"
        + " route it (" + reason + "): the ServiceEntry may not resolve, or istiod has not pushed the"
        + " configuration yet. Fix: check istioctl proxy-status and the name's DNS.";
  }

  private String dns(String host) {
    List<NetworkPolicy> restricting = egressRestricting();
    boolean dnsAllowed = restricting.isEmpty() || restricting.stream()
        .flatMap(p -> egress(p).stream()).anyMatch(r -> allowsPort(r, 53));
    if (!dnsAllowed) {
      return "DNS egress is blocked: NetworkPolicy " + String.join(", ", restricting.stream()
          .map(BlockedCause::name).toList()) + " restrict the sandboxes' egress and none allows port 53,"
          + " so " + host + " cannot be resolved. Fix: allow UDP and TCP 53 to the cluster DNS pods.";
    }
    return "the NetworkPolicies allow DNS (port 53) and " + host + " did not resolve: the name may not"
        + " exist, or cluster DNS is down or not among the peers the DNS rule names. Fix: check the"
        + " name, and that kube-dns answers from a pod of this namespace.";
  }

  private Optional<String> noRule(TargetUrl target, String reason) {
    List<NetworkPolicy> restricting = egressRestricting();
    if (restricting.isEmpty() || restricting.stream().flatMap(p -> egress(p).stream())
        .anyMatch(r -> allowsPort(r, target.port()))) {
      return Optional.empty();
    }
    return Optional.of("no NetworkPolicy that selects the sandboxes allows port " + target.port()
        + " (" + String.join(", ", restricting.stream().map(BlockedCause::name).toList())
        + " restrict their egress), so " + target.host() + ":" + target.port() + " is refused (" + reason
        + "). Fix: add a rule for it to spec.allow ({host: " + target.host() + ", ports: [{number: "
        + target.port() + "}]} or a cidr rule).");
  }

  /** The NetworkPolicies that select the sandboxes and restrict their egress. */
  private List<NetworkPolicy> egressRestricting() {
    return objects.networkPolicies().stream()
        .filter(p -> p.getSpec() != null && SandboxSelection.of(objects.sandboxes(), p).selectsAny())
        .filter(p -> p.getSpec().getPolicyTypes() == null || p.getSpec().getPolicyTypes().isEmpty()
            ? p.getSpec().getEgress() != null && !p.getSpec().getEgress().isEmpty()
            : p.getSpec().getPolicyTypes().contains("Egress"))
        .toList();
  }

  private static List<NetworkPolicyEgressRule> egress(NetworkPolicy policy) {
    return policy.getSpec().getEgress() == null ? List.of() : policy.getSpec().getEgress();
  }

  private static boolean allowsPort(NetworkPolicyEgressRule rule, int port) {
    List<NetworkPolicyPort> ports = rule.getPorts();
    return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> p.getPort() == null
        || (p.getPort().getIntVal() != null && p.getPort().getIntVal() <= port
            && port <= (p.getEndPort() == null ? p.getPort().getIntVal() : p.getEndPort())));
  }

  /** The conflicting objects of a kind with an effect, as read from the namespace. */
  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> undermining(String kind,
      ConflictEffect effect, List<T> candidates) {
    return candidates.stream().filter(o -> conflicts.stream().anyMatch(c -> kind.equals(c.getKind())
        && c.getEffect() == effect && Objects.equals(c.getName(), o.getMetadata().getName())
        && Objects.equals(c.getNamespace(), o.getMetadata().getNamespace()))).toList();
  }

  private Optional<Integer> allowRule(TargetUrl target) {
    List<AllowRule> allow = owned.map(OwnedEgress::allow).orElse(List.of());
    for (int i = 0; i < allow.size(); i++) {
      AllowRule rule = allow.get(i);
      boolean host = rule.getHost() != null && HostMatch.covers(rule.getHost(), target.host());
      boolean cidr = rule.getCidr() != null && IpBlock.parse(rule.getCidr())
          .flatMap(block -> IpBlock.parse(target.host() + (target.host().contains(":") ? "/128" : "/32"))
              .map(block::contains)).orElse(false);
      if ((host || cidr) && ports(rule).contains(target.port())) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  private List<Integer> hostRules(String host) {
    List<AllowRule> allow = owned.map(OwnedEgress::allow).orElse(List.of());
    List<Integer> rules = new ArrayList<>();
    for (int i = 0; i < allow.size(); i++) {
      if (allow.get(i).getHost() != null && HostMatch.covers(allow.get(i).getHost(), host)) {
        rules.add(i);
      }
    }
    return rules;
  }

  private List<Integer> allowedHostPorts() {
    return owned.map(OwnedEgress::allow).orElse(List.of()).stream().filter(r -> r.getHost() != null)
        .flatMap(r -> ports(r).stream()).distinct().toList();
  }

  private static List<Integer> ports(AllowRule rule) {
    if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
      return rule.getHost() != null ? DEFAULT_HOST_PORTS : List.of();
    }
    return rule.getPorts().stream().map(PortSpec::getNumber).filter(Objects::nonNull).toList();
  }

  /** The fix a conflict's message already gives. */
  private static String afterFix(String message) {
    int fix = message == null ? -1 : message.indexOf("Fix: ");
    return fix < 0 ? "see status.conflicts." : message.substring(fix + "Fix: ".length());
  }

  private static String name(io.fabric8.kubernetes.api.model.HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }
}
