package io.sandboxegress.diagnose;

import io.fabric8.istio.api.api.security.v1beta1.Operation;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import java.util.List;
import java.util.Objects;

/**
 * What an ALLOW AuthorizationPolicy that selects the sandboxes does, and what it does not: it is
 * checked by the sandboxes' own sidecar on requests they RECEIVE, so it never grants or limits
 * their egress. People write {@code hosts: ["*"]} believing it opens the internet; it only lets
 * HTTP requests with any Host header in, and, because once an ALLOW policy selects a workload
 * everything it does not match is refused, it shuts out every non-HTTP connection (hosts is an
 * HTTP field; a TCP connection has none, so the rule cannot match it).
 */
final class AllowPolicyText {

  static final String NO_EGRESS = "it does not govern the sandboxes' egress (an AuthorizationPolicy"
      + " that selects a workload checks the requests the workload receives; egress is limited only"
      + " at an egress gateway or a waypoint, and opened by no AuthorizationPolicy)";

  private AllowPolicyText() {}

  static String describe(AuthorizationPolicy policy) {
    List<Rule> rules = rules(policy);
    if (rules.isEmpty()) {
      return "allows nothing: a deny-all for requests into the sandboxes; " + NO_EGRESS;
    }
    if (rules.stream().anyMatch(AllowPolicyText::matchesEverything)) {
      return "has an empty rule ({}), so it allows every request into the sandboxes: it changes"
          + " nothing for them; " + NO_EGRESS;
    }
    List<String> hosts = hosts(policy);
    if (!hosts.isEmpty()) {
      return "allows into the sandboxes only HTTP requests whose Host is " + String.join(", ", hosts)
          + " (the Host of requests TO them, not destinations they may reach), and refuses every"
          + " other request into them: non-HTTP connections (SSH, a terminal, raw TCP, TLS passed"
          + " through) carry no Host and are denied, with hosts [\"*\"] too; " + NO_EGRESS;
    }
    return "allows the requests into the sandboxes that its " + rules.size()
        + (rules.size() == 1 ? " rule matches" : " rules match") + " and refuses every other request"
        + " into them; " + NO_EGRESS;
  }

  /** The hosts its rules' {@code to.operation.hosts} name. */
  static List<String> hosts(AuthorizationPolicy policy) {
    return rules(policy).stream().filter(Objects::nonNull)
        .flatMap(r -> r.getTo() == null ? java.util.stream.Stream.empty() : r.getTo().stream())
        .map(to -> to.getOperation()).filter(Objects::nonNull)
        .map(Operation::getHosts).filter(Objects::nonNull).flatMap(List::stream).distinct().toList();
  }

  static boolean matchesEverything(Rule rule) {
    return rule == null || ((rule.getFrom() == null || rule.getFrom().isEmpty())
        && (rule.getTo() == null || rule.getTo().isEmpty())
        && (rule.getWhen() == null || rule.getWhen().isEmpty()));
  }

  private static List<Rule> rules(AuthorizationPolicy policy) {
    return policy.getSpec() == null || policy.getSpec().getRules() == null ? List.of()
        : policy.getSpec().getRules();
  }
}
