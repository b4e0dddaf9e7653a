package io.sandboxegress.reconcile;

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
import io.sandboxegress.facts.IstioPresence;
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
    informer = @Informer(genericFilter = GatewayCleanupReconciler.WithFinalizer.class))
public class GatewayCleanupReconciler implements Reconciler<SandboxEgress> {

  public static final String NAME = "sandbox-egress-gateway-cleanup";
  private static final int REMOVE_ATTEMPTS = 3;
  /** What the API server answers when a JSON patch's test fails. */
  private static final int UNPROCESSABLE = 422;

  private final KubernetesClient client;
  private final CrossNamespaceObjects crossNamespace;
  private final IstioPresence istio;
  private final OperatorMetrics metrics;
  private final CrossNamespaceGuard guard;

  GatewayCleanupReconciler(KubernetesClient client, CrossNamespaceObjects crossNamespace, CrossNamespaceGuard guard,
      IstioPresence istio, OperatorMetrics metrics) {
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
      if (istio.installed()) {
        AppliedChanges changes = new AppliedChanges();
        crossNamespace.deleteAll(cr, changes);
        changes.all().forEach(change -> metrics.applied(change.kind(), change.action().name()));
      }
      removeFinalizer(cr);
    });
    return UpdateControl.noUpdate();
  }

  /**
   * A JSON patch that removes the finalizer at the index it was read at, after testing that it is
   * still there: the status the main controller keeps writing does not make it fail (a patch with
   * the resourceVersion would, and no event would bring the SandboxEgress back here, since a status
   * write does not change its generation). When the finalizers did change, they are read again.
   */
  private void removeFinalizer(SandboxEgress cr) {
    var resource = client.resources(SandboxEgress.class).inNamespace(cr.getMetadata().getNamespace())
        .withName(cr.getMetadata().getName());
    List<String> finalizers = cr.getMetadata().getFinalizers();
    for (int attempt = 0; attempt < REMOVE_ATTEMPTS; attempt++) {
      int index = finalizers == null ? -1 : finalizers.indexOf(GatewayFinalizer.NAME);
      if (index < 0) {
        return;
      }
      String path = "/metadata/finalizers/" + index;
      String patch = Serialization.asJson(List.of(
          Map.of("op", "test", "path", path, "value", GatewayFinalizer.NAME),
          Map.of("op", "remove", "path", path)));
      try {
        resource.patch(PatchContext.of(PatchType.JSON), patch);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return;
        }
        if (e.getCode() != UNPROCESSABLE && e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        SandboxEgress now = resource.get();
        if (now == null) {
          return;
        }
        finalizers = now.getMetadata().getFinalizers();
      }
    }
    throw new IllegalStateException("the finalizers of " + cr.getMetadata().getNamespace() + "/"
        + cr.getMetadata().getName() + " kept changing; trying again");
  }

  /** Only SandboxEgresses with the finalizer concern this controller. */
  public static final class WithFinalizer implements GenericFilter<SandboxEgress> {
    @Override
    public boolean accept(SandboxEgress cr) {
      return cr.hasFinalizer(GatewayFinalizer.NAME);
    }
  }
}
