package io.sandboxegress.revision;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.ObjectNames;
import io.sandboxegress.render.OwnedLabels;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A SandboxEgress's ControllerRevisions in the API server: listed, read, recorded, marked, pruned. */
public final class RevisionStore {

  private final KubernetesClient client;

  public RevisionStore(KubernetesClient client) {
    this.client = client;
  }

  /** The revisions kept for {@code namespace/name}, oldest first. */
  public List<ControllerRevision> list(String namespace, String name) {
    return client.apps().controllerRevisions().inNamespace(namespace)
        .withLabels(OwnedLabels.forOwner(namespace, name))
        .list().getItems().stream()
        .sorted(Comparator.comparing(ControllerRevision::getRevision))
        .toList();
  }

  public Optional<ControllerRevision> get(String namespace, String crName, long number) {
    return Optional.ofNullable(client.apps().controllerRevisions().inNamespace(namespace)
        .withName(Revision.name(crName, number)).get());
  }

  /**
   * Records {@code bundle} as revision {@code number}. When that name is taken by the same bundle
   * (recorded by a reconciliation that did not get to write status) that one is returned.
   */
  public ControllerRevision create(SandboxEgress cr, long number, Bundle bundle, String fingerprint, Instant now) {
    ControllerRevision revision = RevisionCodec.encode(cr, number, bundle, fingerprint, now);
    try {
      return client.apps().controllerRevisions().inNamespace(cr.getMetadata().getNamespace())
          .resource(revision).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      ControllerRevision existing = get(cr.getMetadata().getNamespace(), cr.getMetadata().getName(), number)
          .orElseThrow(() -> e);
      if (!fingerprint.equals(Revision.of(existing).fingerprint())) {
        throw e;
      }
      return existing;
    }
  }

  /**
   * Records {@code bundle} as revision {@code number} when no revision has that number yet: one
   * request, no read. Empty when the number is taken (whatever that revision holds).
   */
  public Optional<ControllerRevision> createIfAbsent(SandboxEgress cr, long number, Bundle bundle,
      String fingerprint, Instant now) {
    ControllerRevision revision = RevisionCodec.encode(cr, number, bundle, fingerprint, now);
    try {
      return Optional.of(client.apps().controllerRevisions().inNamespace(cr.getMetadata().getNamespace())
          .resource(revision).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /**
   * Sets the verdict (and, when verified, the targets it reached) with one merge patch, sent on a
   * named object: patching by name alone would make the client read the revision first.
   */
  public void mark(String namespace, String crName, long number, Verdict verdict, List<String> verifiedReachable) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(RevisionCodec.VERDICT, verdict.name());
    if (verifiedReachable != null) {
      annotations.put(RevisionCodec.VERIFIED_REACHABLE, RevisionCodec.targets(verifiedReachable));
    }
    String patch = Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations)));
    try {
      ControllerRevision named = new ControllerRevisionBuilder().withNewMetadata()
          .withNamespace(namespace).withName(Revision.name(crName, number)).endMetadata().build();
      client.apps().controllerRevisions().inNamespace(namespace).resource(named)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  public void delete(ControllerRevision revision) {
    client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .withName(revision.getMetadata().getName()).delete();
  }

  /** The label value a SandboxEgress's revisions carry, for {@code kubectl get -l}. */
  public static String ownerLabel(String name) {
    return OwnedLabels.OWNER + "=" + ObjectNames.fit(name);
  }
}
