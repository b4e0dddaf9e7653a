package io.sandboxegress.diagnose;

/** Istio's host-name matching: exact names, and "*." wildcards (a bare "*" matches every name). */
final class HostMatch {

  private HostMatch() {}

  /** Whether {@code pattern} matches every name {@code host} matches. */
  static boolean covers(String pattern, String host) {
    if (pattern.equals(host) || pattern.equals("*")) {
      return true;
    }
    return pattern.startsWith("*.") && host.endsWith(pattern.substring(1))
        && host.length() > pattern.length() - 1;
  }

  /** Whether some name matches both (Istio imports on overlap, in either direction). */
  static boolean overlaps(String a, String b) {
    return covers(a, b) || covers(b, a);
  }
}
