package io.sandboxegress.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/**
 * A bundle as a multi-document YAML stream, in the bundle's order, after a comment saying where
 * hosts are enforced: what {@code render} prints.
 */
public final class BundleYaml {

  private static final String SEPARATOR = "---\n";

  private BundleYaml() {}

  public static String write(Bundle bundle) {
    return "# " + bundle.hostEnforcement() + "\n" + write(bundle.objects());
  }

  public static String write(List<? extends HasMetadata> objects) {
    StringBuilder out = new StringBuilder();
    for (HasMetadata object : objects) {
      String yaml = Serialization.asYaml(object);
      out.append(yaml.startsWith(SEPARATOR) ? yaml : SEPARATOR + yaml);
      if (!yaml.endsWith("\n")) {
        out.append('\n');
      }
    }
    return out.toString();
  }
}
