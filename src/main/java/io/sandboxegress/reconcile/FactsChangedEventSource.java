package io.sandboxegress.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.IstioPresence;
import java.util.Set;

/**
 * Reconciles every SandboxEgress when a cluster-wide fact changes (Istio installed or removed):
 * such a change alters what every one of them renders and which dependents apply it, and no
 * object event would otherwise say so until the next resync.
 */
final class FactsChangedEventSource extends AbstractEventSource<Void, SandboxEgress> {

  static final String NAME = "cluster-facts";

  private final EventSourceContext<SandboxEgress> context;

  FactsChangedEventSource(EventSourceContext<SandboxEgress> context, IstioPresence istio) {
    super(Void.class, NAME);
    this.context = context;
    istio.onChange(this::reconcileAll);
  }

  private void reconcileAll() {
    if (!isRunning()) {
      return;
    }
    context.getPrimaryCache().list().map(ResourceID::fromResource)
        .forEach(id -> getEventHandler().handleEvent(new Event(id)));
  }

  @Override
  public Set<Void> getSecondaryResources(SandboxEgress primary) {
    return Set.of();
  }
}
