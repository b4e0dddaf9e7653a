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
