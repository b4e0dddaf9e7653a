package io.sandboxegress.diagnose;

import io.sandboxegress.api.Conflict;
import java.util.List;

/**
 * {@code status.dataPlane.hostEnforcement} as it really is: what the rendered objects would
 * enforce, unless a conflict decides instead (a second Sidecar, a NetworkPolicy that widens the
 * floor, a ServiceEntry the Sidecar imports, a mesh or namespace setting): then those first.
 */
public final class HostEnforcementTruth {

  private HostEnforcementTruth() {}

  public static String describe(String rendered, List<Conflict> conflicts) {
    List<String> deciding = conflicts.stream().filter(c -> c.getEffect() != null && c.getEffect().undermines())
        .map(HostEnforcementTruth::phrase).toList();
    if (deciding.isEmpty()) {
      return rendered;
    }
    return "NOT as rendered: " + String.join("; ", deciding) + " (see status.conflicts); rendered: " + rendered;
  }

  private static String phrase(Conflict c) {
    String object = c.getKind() + " " + c.getNamespace() + "/" + c.getName();
    return switch (c.getEffect()) {
      case Undefined -> object + " also selects the sandboxes, so Istio may apply it instead of the"
          + " operator's (undefined)";
      case Overrides -> object + " decides for the sandboxes' sidecars";
      case Widens -> "NetworkPolicy".equals(c.getKind())
          ? object + " widens the NetworkPolicy floor (rules add up)"
          : object + " adds to what the sandboxes' sidecars route";
      case Advice -> object;
    };
  }
}
