package io.sandboxegress.backend;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where the objects a reconciliation created, updated or deleted are recorded, for Events and metrics. */
public interface ObjectChanges {

  enum Action {
    Created,
    Updated,
    Deleted
  }

  void record(Action action, HasMetadata object);
}
