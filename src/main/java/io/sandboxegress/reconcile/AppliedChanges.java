package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one reconciliation changed in the cluster, for Events and status. */
final class AppliedChanges {

  enum Action {
    Created,
    Updated,
    Deleted
  }

  record Change(Action action, String kind, String namespace, String name) {}

  private final List<Change> changes = Collections.synchronizedList(new ArrayList<>());

  void record(Action action, HasMetadata object) {
    changes.add(new Change(action, object.getKind(), object.getMetadata().getNamespace(),
        object.getMetadata().getName()));
  }

  /**
   * One line per action, naming every object it touched (e.g. Created: "NetworkPolicy ns/a,
   * Sidecar ns/a"): one Event per action and reconciliation, not one per object.
   */
  Map<Action, String> byAction() {
    Map<Action, String> lines = new EnumMap<>(Action.class);
    for (Change change : all()) {
      lines.merge(change.action(), change.kind() + " " + change.namespace() + "/" + change.name(),
          (a, b) -> a + ", " + b);
    }
    return lines;
  }

  List<Change> all() {
    synchronized (changes) {
      return List.copyOf(changes);
    }
  }
}
