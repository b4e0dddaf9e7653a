package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.filter.GenericFilter;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.IstioDiscovery;
import io.sandboxegress.metrics.OperatorMetrics;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;

/**
 * Removes a deleted SandboxEgress's objects in other namespaces, then {@link GatewayFinalizer}'s
 * finalizer. A controller of its own because JOSDK hands a SandboxEgress being deleted to its
 * controller only when that controller puts a finalizer on every SandboxEgress; this one sees every
 * event but acts only on the SandboxEgresses that carry the finalizer, and caches only what it
 * reads of them ({@link SlimSandboxEgressStore}).
 */
@ControllerConfiguration(name = GatewayCleanupReconciler.NAME, triggerReconcilerOnAllEvents = true,
    informer = @Informer(genericFilter = GatewayCleanupReconciler.WithFinalizer.class,
        itemStore = SlimSandboxEgressStore.class))
public class GatewayCleanupReconciler implements Reconciler<SandboxEgress> {

  public static final String NAME = "sandbox-egress-gateway-cleanup";

  private final KubernetesClient client;
  private final CrossNamespaceObjects crossNamespace;
  private final IstioDiscovery istio;
  private final OperatorMetrics metrics;
  private final CrossNamespaceGuard guard;

  GatewayCleanupReconciler(KubernetesClient client, CrossNamespaceObjects crossNamespace, CrossNamespaceGuard guard,
      IstioDiscovery istio, OperatorMetrics metrics) {
    this.client = client;
    this.crossNamespace = crossNamespace;
    this.istio = istio;
    this.metrics = metrics;
    this.guard = guard;
  }

  @Override
  public UpdateControl<SandboxEgress> reconcile(SandboxEgress cr, Context<SandboxEgress> context) {
    if (context.isPrimaryResourceDeleted() || !cr.isMarkedForDeletion() || !cr.hasFinalizer(GatewayFinalizer.NAME)) {
      return UpdateControl.noUpdate();
    }
    guard.remove(cr, () -> {
      if (istio.istioInstalled()) {
        AppliedChanges changes = new AppliedChanges();
        crossNamespace.deleteAll(cr, changes);
        changes.all().forEach(change -> metrics.applied(change.kind(), change.action().name()));
      }
      removeFinalizer(cr);
    });
    return UpdateControl.noUpdate();
  }

  /**
   * A merge patch of the finalizers with the resourceVersion they were read at: the API server
   * refuses it if they changed meanwhile (the event that follows brings them again).
   */
  private void removeFinalizer(SandboxEgress cr) {
    List<String> others = cr.getMetadata().getFinalizers().stream()
        .filter(f -> !GatewayFinalizer.NAME.equals(f)).toList();
    String patch = Serialization.asJson(Map.of("metadata", Map.of("finalizers", others,
        "resourceVersion", cr.getMetadata().getResourceVersion())));
    SandboxEgress named = new SandboxEgress();
    named.setMetadata(new ObjectMetaBuilder().withNamespace(cr.getMetadata().getNamespace())
        .withName(cr.getMetadata().getName()).build());
    try {
      client.resources(SandboxEgress.class).inNamespace(cr.getMetadata().getNamespace()).resource(named)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  /** Only SandboxEgresses with the finalizer concern this controller. */
  public static final class WithFinalizer implements GenericFilter<SandboxEgress> {
    @Override
    public boolean accept(SandboxEgress cr) {
      return cr.hasFinalizer(GatewayFinalizer.NAME);
    }
  }
}
