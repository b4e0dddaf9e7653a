package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.render.ObjectNames;

/**
 * The name of an Event, from what it says: the same Event about the same object gets the same name,
 * so a repeat raises its count instead of adding a line to {@code kubectl describe}.
 */
final class EventName {

  /** Event names are DNS subdomains: at most 253 characters. */
  private static final int MAX = 253;

  private EventName() {}

  static String of(HasMetadata regarding, String type, String reason, String message) {
    String hash = ObjectNames.shortHash(regarding.getMetadata().getUid() + "\n" + type + "\n" + reason
        + "\n" + message);
    String owner = regarding.getMetadata().getName();
    int room = MAX - hash.length() - 1;
    String head = owner.length() > room ? owner.substring(0, room).replaceAll("[.-]+$", "") : owner;
    return head + "." + hash;
  }
}
