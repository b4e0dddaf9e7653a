package io.sandboxegress.backend;

import io.sandboxegress.render.EgressRenderer;
import java.util.List;

/**
 * One way of enforcing a SandboxEgress on a data plane: its renderer and the kinds it owns. The
 * operator applies, watches, grants RBAC for and removes exactly the kinds its backends own;
 * {@code BackendRegistryTest} fails when a rendered kind has no owner, or an owned kind has no
 * dependent, cross-namespace handling or RBAC row.
 *
 * @param name a short name, for docs and errors
 * @param renderer builds its objects from a plan (pure)
 * @param kinds the kinds its renderer emits
 */
public record Backend(String name, EgressRenderer renderer, List<OwnedKind> kinds) {

  public Backend {
    kinds = List.copyOf(kinds);
  }
}
