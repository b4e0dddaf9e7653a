package io.sandboxegress.api;

/** How much of the network a sandbox may reach. */
public enum Policy {
  /** Only the destinations in {@code spec.allow}. */
  AllowList,
  /** The public internet; private, link-local, CGNAT, loopback and cluster ranges stay blocked. */
  AllowInternet,
  /** Nothing but cluster DNS (and the mesh control plane). */
  DenyAll
}
