package io.sandboxegress.backend;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.OwnedLabels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of one kind in the rendered bundle that live in the SandboxEgress's own namespace
 * (see {@code reconcile.CrossNamespaceObjects} for the others), kept in the cluster with server-side apply: the
 * missing ones created, drifted ones re-applied, the ones the bundle no longer has deleted. JOSDK
 * compares desired and actual through the managed fields, so an unchanged object is not written.
 * Each object carries a controller owner reference, so Kubernetes' garbage collector removes it
 * with its SandboxEgress.
 */
public abstract class BundleDependent<R extends HasMetadata>
    extends KubernetesDependentResource<R, SandboxEgress>
    implements CRUDKubernetesBulkDependentResource<R, SandboxEgress>,
    KubernetesBulkDependentResource<R, SandboxEgress>, GarbageCollected<SandboxEgress> {

  /** Only the operator's own objects are cached and ever touched. */
  public static final String OWNED_SELECTOR = OwnedLabels.MANAGED_BY + "=" + OwnedLabels.MANAGED_BY_VALUE;

  protected BundleDependent(Class<R> type) {
    super(type);
  }

  /** JOSDK's own informer for this kind, except that it starts once ({@link StartOnceInformerEventSource}). */
  @Override
  protected InformerEventSource<R, SandboxEgress> createEventSource(EventSourceContext<SandboxEgress> context) {
    var builder = informerConfigurationBuilder(context)
        .withSecondaryToPrimaryMapper(getSecondaryToPrimaryMapper(context).orElseThrow())
        .withName(name());
    configuration().map(KubernetesDependentResourceConfig::informerConfig).ifPresent(builder::updateFrom);
    InformerEventSource<R, SandboxEgress> source = new StartOnceInformerEventSource<>(builder.build(), context);
    setEventSource(source);
    return source;
  }

  @Override
  public Map<ResourceID, R> desiredResources(SandboxEgress primary, Context<SandboxEgress> context) {
    Map<ResourceID, R> desired = new LinkedHashMap<>();
    for (HasMetadata object : ApplyState.of(context).bundle().inOwnerNamespace()) {
      if (resourceType().isInstance(object)) {
        R owned = resourceType().cast(object);
        owned.getMetadata().setOwnerReferences(List.of(controllerReference(primary)));
        desired.put(ResourceID.fromResource(owned), owned);
      }
    }
    return desired;
  }

  /** JOSDK keeps an owner reference that is already there, so this one marks the controller. */
  private static OwnerReference controllerReference(SandboxEgress primary) {
    return new OwnerReferenceBuilder()
        .withApiVersion(primary.getApiVersion())
        .withKind(primary.getKind())
        .withName(primary.getMetadata().getName())
        .withUid(primary.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  @Override
  public R create(R desired, SandboxEgress primary, Context<SandboxEgress> context) {
    R created = super.create(desired, primary, context);
    ApplyState.of(context).changes().record(ObjectChanges.Action.Created, created);
    return created;
  }

  @Override
  public R update(R actual, R desired, SandboxEgress primary, Context<SandboxEgress> context) {
    R updated = super.update(actual, desired, primary, context);
    ApplyState.of(context).changes().record(ObjectChanges.Action.Updated, updated);
    return updated;
  }

  @Override
  public void deleteTargetResource(SandboxEgress primary, R resource, ResourceID key,
      Context<SandboxEgress> context) {
    super.deleteTargetResource(primary, resource, key, context);
    ApplyState.of(context).changes().record(ObjectChanges.Action.Deleted, resource);
  }
}
