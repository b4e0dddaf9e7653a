package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What one reconciliation changed in the cluster, for Events and status. */
final class AppliedChanges {

  enum Action {
    Created,
    Updated,
    Deleted
  }

  record Change(Action action, String kind, String namespace, String name) {
    String describe() {
      return action + " " + kind + " " + namespace + "/" + name;
    }
  }

  private final List<Change> changes = Collections.synchronizedList(new ArrayList<>());

  void record(Action action, HasMetadata object) {
    changes.add(new Change(action, object.getKind(), object.getMetadata().getNamespace(),
        object.getMetadata().getName()));
  }

  List<Change> all() {
    synchronized (changes) {
      return List.copyOf(changes);
    }
  }
}
