package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.ConflictEffect;
import java.util.Comparator;
import java.util.List;

/** Building {@link Conflict}s, and the one order they are reported in. */
final class Conflicts {

  private static final List<String> KIND_ORDER =
      List.of("AuthorizationPolicy", "Sidecar", "ServiceEntry", "NetworkPolicy", "ConfigMap");

  static final Comparator<Conflict> ORDER = Comparator
      .comparingInt((Conflict c) -> rank(c.getKind()))
      .thenComparing(Conflict::getKind)
      .thenComparing(Conflict::getNamespace)
      .thenComparing(Conflict::getName)
      .thenComparing(Conflict::getMessage);

  private Conflicts() {}

  static Conflict of(HasMetadata object, ConflictEffect effect, String message) {
    return of(object.getApiVersion(), object.getKind(), object.getMetadata().getNamespace(),
        object.getMetadata().getName(), effect, message);
  }

  static Conflict of(String apiVersion, String kind, String namespace, String name, ConflictEffect effect,
      String message) {
    Conflict conflict = new Conflict();
    conflict.setApiVersion(apiVersion);
    conflict.setKind(kind);
    conflict.setNamespace(namespace);
    conflict.setName(name);
    conflict.setEffect(effect);
    conflict.setMessage(message);
    return conflict;
  }

  private static int rank(String kind) {
    int rank = KIND_ORDER.indexOf(kind);
    return rank < 0 ? KIND_ORDER.size() : rank;
  }
}
