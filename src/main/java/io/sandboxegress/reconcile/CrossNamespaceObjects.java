package io.sandboxegress.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.ResourceRef;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.backend.Backends;
import io.sandboxegress.render.OwnedLabels;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objects a SandboxEgress needs in another namespace (an egress gateway's Gateway,
 * AuthorizationPolicy and NetworkPolicy). Kubernetes allows no owner reference across namespaces, so they are found
 * by their owner labels: applied (server-side) only when they differ from what is live, deleted
 * when no longer rendered, and all deleted when the SandboxEgress goes (its finalizer). The
 * operator never touches objects in those namespaces that do not carry its owner labels.
 */
final class CrossNamespaceObjects {

  /** What the backends may put in a gateway's namespace (registered in {@link Backends}). */
  static final List<Class<? extends HasMetadata>> KINDS = Backends.gatewayNamespaceKinds();

  private final KubernetesClient client;

  CrossNamespaceObjects(KubernetesClient client) {
    this.client = client;
  }

  /** Brings the owner's objects in other namespaces to {@code desired}. */
  void reconcile(SandboxEgress cr, List<HasMetadata> desired, AppliedChanges changes) {
    Set<String> namespaces = namespacesInUse(cr);
    if (desired.isEmpty() && namespaces.isEmpty() && !cr.hasFinalizer(GatewayFinalizer.NAME)) {
      // no gateway named now, none listed in status, no finalizer (added before anything is
      // applied elsewhere): nothing of this owner can be in another namespace, and the
      // cluster-wide lookups below would be paid by every reconciliation
      return;
    }
    for (HasMetadata object : desired) {
      HasMetadata live = client.resource(object).get();
      if (live == null || differs(live, object)) {
        HasMetadata applied = client.resource(object).fieldManager(SandboxEgressReconciler.FIELD_MANAGER)
            .forceConflicts().serverSideApply();
        changes.record(live == null ? AppliedChanges.Action.Created : AppliedChanges.Action.Updated, applied);
      }
    }
    desired.forEach(o -> namespaces.add(o.getMetadata().getNamespace()));
    for (HasMetadata owned : owned(cr, namespaces)) {
      boolean wanted = desired.stream().anyMatch(d -> sameObject(d, owned));
      if (!wanted) {
        client.resource(owned).delete();
        changes.record(AppliedChanges.Action.Deleted, owned);
      }
    }
  }

  /** Deletes every object the owner has in other namespaces. */
  void deleteAll(SandboxEgress cr, AppliedChanges changes) {
    for (HasMetadata owned : owned(cr, namespacesInUse(cr))) {
      client.resource(owned).delete();
      changes.record(AppliedChanges.Action.Deleted, owned);
    }
  }

  /** Other namespaces the owner has (or had) objects in: from its status and its spec. */
  private static Set<String> namespacesInUse(SandboxEgress cr) {
    String own = cr.getMetadata().getNamespace();
    Set<String> namespaces = new TreeSet<>();
    if (cr.getStatus() != null && cr.getStatus().getResources() != null) {
      cr.getStatus().getResources().stream().map(ResourceRef::getNamespace)
          .filter(ns -> ns != null && !ns.equals(own)).forEach(namespaces::add);
    }
    if (cr.getSpec().getIstio() != null && cr.getSpec().getIstio().getEgressGateway() != null) {
      String gateway = cr.getSpec().getIstio().getEgressGateway().getNamespace();
      if (gateway != null && !gateway.equals(own)) {
        namespaces.add(gateway);
      }
    }
    return namespaces;
  }

  /**
   * The owner's objects in other namespaces, found by its owner labels in every namespace, so none
   * is left behind whatever the status says (a DryRun status lists objects never applied). Where the
   * operator may not list across namespaces (RBAC limited to watched namespaces), the namespaces
   * its status and spec name.
   */
  private List<HasMetadata> owned(SandboxEgress cr, Set<String> knownNamespaces) {
    Map<String, String> labels = OwnedLabels.forOwner(cr.getMetadata().getNamespace(), cr.getMetadata().getName());
    List<HasMetadata> owned = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      try {
        owned.addAll(client.resources(kind).inAnyNamespace().withLabels(labels).list().getItems());
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
          throw e;
        }
        for (String namespace : knownNamespaces) {
          owned.addAll(client.resources(kind).inNamespace(namespace).withLabels(labels).list().getItems());
        }
      }
    }
    String own = cr.getMetadata().getNamespace();
    return owned.stream().filter(o -> !own.equals(o.getMetadata().getNamespace())).toList();
  }

  private static boolean differs(HasMetadata live, HasMetadata desired) {
    JsonNode liveSpec = Serialization.jsonMapper().valueToTree(live).get("spec");
    JsonNode desiredSpec = Serialization.jsonMapper().valueToTree(desired).get("spec");
    Map<String, String> liveLabels = live.getMetadata().getLabels() == null ? Map.of() : live.getMetadata().getLabels();
    return !Objects.equals(liveSpec, desiredSpec)
        || !liveLabels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet());
  }

  private static boolean sameObject(HasMetadata a, HasMetadata b) {
    return a.getKind().equals(b.getKind()) && a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace())
        && a.getMetadata().getName().equals(b.getMetadata().getName());
  }
}
