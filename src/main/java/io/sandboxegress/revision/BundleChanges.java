package io.sandboxegress.revision;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.render.Bundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What applying one bundle over another would do, object by object: what DryRun says it would
 * change against the live revision.
 */
public final class BundleChanges {

  private BundleChanges() {}

  /** {@code create Kind ns/name}, {@code update …}, {@code delete …}; empty when nothing changes. */
  public static List<String> between(Bundle live, Bundle next) {
    Map<String, String> before = index(live);
    Map<String, String> after = index(next);
    List<String> changes = new ArrayList<>();
    after.forEach((key, yaml) -> {
      if (!before.containsKey(key)) {
        changes.add("create " + key);
      } else if (!Objects.equals(before.get(key), yaml)) {
        changes.add("update " + key);
      }
    });
    before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(key -> changes.add("delete " + key));
    return changes;
  }

  private static Map<String, String> index(Bundle bundle) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (HasMetadata object : bundle.objects()) {
      byKey.put(object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(),
          Serialization.asYaml(object));
    }
    return byKey;
  }
}
