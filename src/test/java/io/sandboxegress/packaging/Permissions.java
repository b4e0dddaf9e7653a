package io.sandboxegress.packaging;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's permissions, written out once: each a (API group, resource, verb) triple, the way
 * an access review asks. What the chart grants must be exactly these, no more.
 */
record Permissions(Set<Permission> all) {

  record Permission(String group, String resource, String verb) {
    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
    }
  }

  static final List<String> ALL_VERBS = List.of("get", "list", "watch", "create", "patch", "update", "delete",
      "deletecollection");
  private static final List<String> MANAGE = List.of("get", "list", "watch", "create", "patch", "update", "delete");

  /** Cluster-wide reads: ClusterRole {@code -cluster}. */
  static final Permissions CLUSTER = new Permissions()
      .with("", "namespaces", "get", "list", "watch")
      .with("networking.k8s.io", "networkpolicies", "list", "watch");

  /** In the namespaces of SandboxEgress resources: ClusterRole {@code -manage}. */
  static final Permissions MANAGED = new Permissions()
      .with("sandboxegress.io", "sandboxegresses", "get", "list", "watch", "patch", "update")
      .with("sandboxegress.io", "sandboxegresses/status", "get", "patch", "update")
      .with("sandboxegress.io", "sandboxegresses/finalizers", "update")
      .with("networking.k8s.io", "networkpolicies", MANAGE)
      .with("networking.istio.io", "sidecars", MANAGE)
      .with("networking.istio.io", "serviceentries", MANAGE)
      .with("networking.istio.io", "gateways", MANAGE)
      .with("networking.istio.io", "virtualservices", MANAGE)
      .with("networking.istio.io", "destinationrules", MANAGE)
      .with("security.istio.io", "authorizationpolicies", MANAGE)
      .with("", "pods", "get", "list", "watch", "create", "delete")
      .with("", "events", "create", "patch")
      .with("apps", "controllerrevisions", "get", "list", "watch", "create", "patch", "delete");

  /**
   * Added to {@link #MANAGED} with {@code policyReports.enabled}: read, then server-side apply
   * (which needs create for a report that does not exist yet).
   */
  static final Permissions POLICY_REPORTS = new Permissions()
      .with("wgpolicyk8s.io", "policyreports", "get", "create", "patch");

  /** In an egress gateway's namespace, with watchNamespaces: ClusterRole {@code -egress-gateway}. */
  static final Permissions EGRESS_GATEWAY = new Permissions()
      .with("networking.istio.io", "gateways", MANAGE)
      .with("networking.istio.io", "virtualservices", MANAGE)
      .with("networking.istio.io", "destinationrules", MANAGE)
      .with("security.istio.io", "authorizationpolicies", MANAGE)
      .with("networking.k8s.io", "networkpolicies", MANAGE);

  /** In the release namespace: Role {@code -leader-election}. */
  static final Permissions LEADER_ELECTION = new Permissions()
      .with("coordination.k8s.io", "leases", "get", "create", "update", "patch");

  /** In Istio's namespace: Role {@code -mesh-config}. */
  static final Permissions MESH_CONFIG = new Permissions()
      .with("", "configmaps", "get", "list", "watch")
      .with("security.istio.io", "authorizationpolicies", "get", "list", "watch");

  /** Resources the operator must never be able to touch, or only read where listed above. */
  static final List<Permission> PROBES_FOR_DENIAL = List.of(
      new Permission("", "secrets", ""),
      new Permission("", "configmaps", ""),
      new Permission("", "serviceaccounts", ""),
      new Permission("", "serviceaccounts/token", ""),
      new Permission("", "services", ""),
      new Permission("", "pods/exec", ""),
      new Permission("", "pods/log", ""),
      new Permission("", "pods/ephemeralcontainers", ""),
      new Permission("", "nodes", ""),
      new Permission("apps", "deployments", ""),
      new Permission("apps", "daemonsets", ""),
      new Permission("batch", "jobs", ""),
      new Permission("rbac.authorization.k8s.io", "roles", ""),
      new Permission("rbac.authorization.k8s.io", "rolebindings", ""),
      new Permission("rbac.authorization.k8s.io", "clusterroles", ""),
      new Permission("coordination.k8s.io", "leases", ""),
      new Permission("admissionregistration.k8s.io", "validatingwebhookconfigurations", ""),
      new Permission("apiextensions.k8s.io", "customresourcedefinitions", ""),
      new Permission("", "namespaces", ""),
      new Permission("networking.k8s.io", "networkpolicies", ""),
      new Permission("sandboxegress.io", "sandboxegresses", ""),
      new Permission("networking.istio.io", "sidecars", ""),
      new Permission("security.istio.io", "authorizationpolicies", ""),
      new Permission("", "pods", ""),
      new Permission("", "events", ""),
      new Permission("apps", "controllerrevisions", ""),
      new Permission("wgpolicyk8s.io", "policyreports", ""));

  Permissions() {
    this(new LinkedHashSet<>());
  }

  Permissions with(String group, String resource, String... verbs) {
    return with(group, resource, List.of(verbs));
  }

  Permissions with(String group, String resource, List<String> verbs) {
    Set<Permission> copy = new LinkedHashSet<>(all);
    verbs.forEach(verb -> copy.add(new Permission(group, resource, verb)));
    return new Permissions(copy);
  }

  Permissions plus(Permissions other) {
    Set<Permission> copy = new LinkedHashSet<>(all);
    copy.addAll(other.all);
    return new Permissions(copy);
  }

  boolean allows(String group, String resource, String verb) {
    return all.contains(new Permission(group, resource, verb));
  }

  /** The triples an RBAC role's rules grant (every group x resource x verb of each rule). */
  static Permissions of(List<Object> rules) {
    Set<Permission> granted = new LinkedHashSet<>();
    for (Object rule : rules) {
      for (Object group : Maps.list(rule, "apiGroups")) {
        for (Object resource : Maps.list(rule, "resources")) {
          for (Object verb : Maps.list(rule, "verbs")) {
            granted.add(new Permission(group.toString(), resource.toString(), verb.toString()));
          }
        }
      }
    }
    return new Permissions(granted);
  }

  /** Every group, resource and verb named in a role, to look for wildcards and Secrets. */
  static List<String> namesIn(Map<String, Object> role) {
    List<String> names = new ArrayList<>();
    for (Object rule : Maps.list(role, "rules")) {
      for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs")) {
        Maps.list(rule, field).forEach(value -> names.add(value.toString()));
      }
    }
    return names;
  }
}
