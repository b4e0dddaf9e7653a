package io.sandboxegress.reconcile;

import io.sandboxegress.api.SandboxEgress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps apart the two controllers that touch a SandboxEgress's objects in other namespaces: a
 * reconciliation that started before the SandboxEgress was deleted must not apply them again after
 * {@link GatewayCleanupReconciler} removed them with the finalizer (they would be left behind, with
 * no owner to remove them). JOSDK serialises the work of one controller on one resource, not of two.
 */
final class CrossNamespaceGuard {

  private static final int STRIPES = 64;
  private static final int REMEMBERED = 10_000;

  private final Object[] locks = new Object[STRIPES];
  /** The SandboxEgresses (by uid) whose objects were removed on deletion: nothing is applied again. */
  private final Set<String> removed = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });

  CrossNamespaceGuard() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** Runs {@code apply} unless the objects of {@code cr} were removed on its deletion. */
  void apply(SandboxEgress cr, Runnable apply) {
    String uid = cr.getMetadata().getUid();
    synchronized (lock(uid)) {
      synchronized (removed) {
        if (removed.contains(uid)) {
          return;
        }
      }
      apply.run();
    }
  }

  /** Runs {@code remove}, after which no object of {@code cr} is applied again. */
  void remove(SandboxEgress cr, Runnable remove) {
    String uid = cr.getMetadata().getUid();
    synchronized (lock(uid)) {
      synchronized (removed) {
        removed.add(uid);
      }
      remove.run();
    }
  }

  private Object lock(String uid) {
    return locks[Math.floorMod(uid.hashCode(), STRIPES)];
  }
}
