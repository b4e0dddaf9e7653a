package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.backend.ObjectChanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one reconciliation changed in the cluster, for Events and status. */
final class AppliedChanges implements ObjectChanges {

  record Change(Action action, String kind, String namespace, String name) {}

  private final List<Change> changes = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void record(Action action, HasMetadata object) {
    changes.add(new Change(action, object.getKind(), object.getMetadata().getNamespace(),
        object.getMetadata().getName()));
  }

  /**
   * The Events of one reconciliation, by reason, each naming every object it touched (e.g.
   * Created: "NetworkPolicy ns/a, Sidecar ns/a"): one Event per reason, not one per object. When
   * the objects applied are the live revision's, already applied before, a creation or an update
   * can only have put back what someone deleted or edited: that is a repair, and said so.
   */
  Map<EventReason, String> events(boolean restoresLiveRevision) {
    Map<EventReason, List<String>> objects = new LinkedHashMap<>();
    for (Change change : all()) {
      String object = change.kind() + " " + change.namespace() + "/" + change.name();
      if (restoresLiveRevision && change.action() != Action.Deleted) {
        objects.computeIfAbsent(EventReason.Repaired, k -> new ArrayList<>()).add(
            (change.action() == Action.Created ? "re-created " : "re-applied ") + object);
      } else {
        objects.computeIfAbsent(EventReason.of(change.action()), k -> new ArrayList<>()).add(object);
      }
    }
    Map<EventReason, String> events = new LinkedHashMap<>();
    objects.forEach((reason, items) -> events.put(reason, EventMessage.list(
        reason == EventReason.Repaired ? "changed outside the operator, put back: " : "", items, EventMessage.LIMIT)));
    return events;
  }

  List<Change> all() {
    synchronized (changes) {
      return List.copyOf(changes);
    }
  }
}
