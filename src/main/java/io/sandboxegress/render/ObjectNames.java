package io.sandboxegress.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic names and label values of at most 63 characters. */
public final class ObjectNames {

  public static final int MAX_LENGTH = 63;
  public static final String PREFIX = "sandbox-egress-";

  private ObjectNames() {}

  /** The base name of everything rendered for the SandboxEgress {@code crName}. */
  public static String forOwner(String crName) {
    return fit(PREFIX + crName);
  }

  /** {@code forOwner(crName) + "-" + suffix}, shortened the same way when too long. */
  public static String forOwner(String crName, String suffix) {
    return fit(PREFIX + crName + "-" + suffix);
  }

  /**
   * The name of an object for the SandboxEgress {@code namespace/crName} that lives in another
   * namespace (a shared egress gateway's): the owner's namespace and name, and a hash of both so
   * that {@code a-b/c} and {@code a/b-c} never share a name.
   */
  public static String forOwnerIn(String namespace, String crName) {
    String owner = namespace + "/" + crName;
    return fit(PREFIX + namespace + "-" + crName + "-" + shortHash(owner));
  }

  /**
   * A DNS label for one host, unique per host: {@code pypi-org-1a2b3c4d}. The hash keeps
   * {@code a-b.com} and {@code a.b-com} apart.
   */
  public static String hostKey(String host) {
    String hash = shortHash(host);
    String slug = host.replace("*.", "wildcard.").replace('.', '-');
    int room = MAX_LENGTH - hash.length() - 1;
    String head = slug.length() <= room ? slug : slug.substring(0, room).replaceAll("-+$", "");
    return head + "-" + hash;
  }

  /**
   * The value itself when it fits; otherwise its first characters and a hash of the whole, so
   * that two long names never collide.
   */
  public static String fit(String value) {
    if (value.length() <= MAX_LENGTH) {
      return value;
    }
    String hash = shortHash(value);
    String head = value.substring(0, MAX_LENGTH - hash.length() - 1).replaceAll("[-.]+$", "");
    return head + "-" + hash;
  }

  /** Eight hex digits of the SHA-256 of {@code value}. */
  public static String shortHash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
