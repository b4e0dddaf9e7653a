package io.sandboxegress.plan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code metadata.name} and {@code metadata.namespace} as the API server checks them. The rendered
 * objects' names are the owner's name behind a prefix and a suffix, shortened with a hash to 63
 * characters ({@code ObjectNames}), so any name the API server takes for a SandboxEgress makes
 * valid object names; a name it refuses makes none.
 */
public final class ObjectMetaCheck {

  static final int MAX_NAME_LENGTH = 253;
  static final int MAX_NAMESPACE_LENGTH = 63;
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  private ObjectMetaCheck() {}

  static void check(String name, String namespace, List<FieldError> errors) {
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("metadata.name", "set metadata.name: it names the rendered objects"));
    } else if (name.length() > MAX_NAME_LENGTH || !DNS_SUBDOMAIN.matcher(name).matches()) {
      errors.add(new FieldError("metadata.name", "'" + shortened(name) + "' cannot name a"
          + " SandboxEgress or the objects rendered from it: use at most " + MAX_NAME_LENGTH
          + " lower-case letters, digits, '-' or '.', starting and ending with a letter or digit"
          + " (an RFC 1123 subdomain)"));
    }
    if (namespace == null || namespace.isBlank()) {
      errors.add(new FieldError("metadata.namespace", "set metadata.namespace: the rendered"
          + " objects live in the SandboxEgress's namespace"));
    } else if (namespace.length() > MAX_NAMESPACE_LENGTH
        || !DNS_LABEL.matcher(namespace).matches()) {
      errors.add(new FieldError("metadata.namespace", "'" + shortened(namespace) + "' is not a"
          + " namespace name: at most " + MAX_NAMESPACE_LENGTH + " lower-case letters, digits or"
          + " '-', starting and ending with a letter or digit (an RFC 1123 label)"));
    }
  }

  /** Whether {@code name} is a valid object name that also fits in a label value. */
  public static boolean isShortObjectName(String name) {
    return name != null && name.length() <= MAX_NAMESPACE_LENGTH
        && DNS_SUBDOMAIN.matcher(name).matches();
  }

  /** Whether {@code name} can name a namespace. */
  public static boolean isNamespaceName(String name) {
    return name != null && name.length() <= MAX_NAMESPACE_LENGTH
        && DNS_LABEL.matcher(name).matches();
  }

  private static String shortened(String text) {
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
