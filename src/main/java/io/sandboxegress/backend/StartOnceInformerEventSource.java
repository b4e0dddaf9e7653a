package io.sandboxegress.backend;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sandboxegress.api.SandboxEgress;

/**
 * A dependent's informer that starts once. JOSDK (5.2.3) calls {@code start()} on the informer of
 * every dependent with an activation condition (the Istio kinds: {@link IstioServed}) at every
 * reconciliation, and each call walks every cached object of that kind through the owner index
 * again: with 1,000 SandboxEgresses and their 5,000 objects that was a fifth of the operator's CPU
 * while creating them, and made a pass grow with the square of the SandboxEgresses. An informer
 * that runs keeps that index current from its own events, so a second start has nothing to do.
 * After a stop (Istio removed) it starts, and indexes, anew.
 */
final class StartOnceInformerEventSource<R extends HasMetadata> extends InformerEventSource<R, SandboxEgress> {

  StartOnceInformerEventSource(InformerEventSourceConfiguration<R> configuration,
      EventSourceContext<SandboxEgress> context) {
    super(configuration, context);
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    super.start();
  }
}
