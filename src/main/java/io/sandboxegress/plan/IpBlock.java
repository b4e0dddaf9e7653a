package io.sandboxegress.plan;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 or IPv6 block: an address and a prefix length. {@link #toString()} is the canonical
 * form (host bits cleared, IPv6 lower-case and compressed as RFC 5952 says), the form Kubernetes'
 * {@code cidr().masked()} prints.
 */
public final class IpBlock implements Comparable<IpBlock> {

  public static final IpBlock IPV4_ALL = parse("0.0.0.0/0").orElseThrow();
  public static final IpBlock IPV6_ALL = parse("::/0").orElseThrow();

  private final boolean ipv6;
  private final BigInteger address;
  private final int prefix;

  private IpBlock(boolean ipv6, BigInteger address, int prefix) {
    this.ipv6 = ipv6;
    this.prefix = prefix;
    this.address = address.and(mask(ipv6, prefix));
  }

  /** The block written as {@code address/prefix}; empty when it is not one. */
  public static Optional<IpBlock> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || slash != text.lastIndexOf('/')) {
      return Optional.empty();
    }
    String addressText = text.substring(0, slash);
    Optional<Integer> prefix = parsePrefix(text.substring(slash + 1));
    boolean ipv6 = addressText.contains(":");
    Optional<BigInteger> address = ipv6 ? parseIpv6(addressText) : parseIpv4(addressText);
    if (address.isEmpty() || prefix.isEmpty() || prefix.get() > (ipv6 ? 128 : 32)) {
      return Optional.empty();
    }
    return Optional.of(new IpBlock(ipv6, address.get(), prefix.get()));
  }

  /** Whether {@code text} is exactly this block's canonical form. */
  public static boolean isCanonical(String text) {
    return parse(text).map(block -> block.toString().equals(text)).orElse(false);
  }

  public boolean isIpv6() {
    return ipv6;
  }

  public boolean isIpv4() {
    return !ipv6;
  }

  public int prefix() {
    return prefix;
  }

  /** Whether every address of {@code other} is in this block (true for an equal block). */
  public boolean contains(IpBlock other) {
    return ipv6 == other.ipv6 && prefix <= other.prefix
        && other.address.and(mask(ipv6, prefix)).equals(address);
  }

  /** Whether {@code other} is inside this block and smaller than it. */
  public boolean strictlyContains(IpBlock other) {
    return contains(other) && prefix < other.prefix;
  }

  /** The block's first address, as a block of one address. */
  public IpBlock firstAddress() {
    return new IpBlock(ipv6, address, ipv6 ? 128 : 32);
  }

  /** The block's last address, as a block of one address. */
  public IpBlock lastAddress() {
    int bits = ipv6 ? 128 : 32;
    BigInteger hostBits = mask(ipv6, bits).xor(mask(ipv6, prefix));
    return new IpBlock(ipv6, address.or(hostBits), bits);
  }

  /**
   * This IPv4 block written inside the IPv6 {@code prefix} of length 96, as NAT64's well-known
   * prefix embeds IPv4 addresses (RFC 6052): 10.0.0.0/8 in 64:ff9b::/96 is 64:ff9b::a00:0/104.
   */
  public IpBlock embeddedIn(IpBlock prefix) {
    if (ipv6 || !prefix.ipv6 || prefix.prefix != 96) {
      throw new IllegalArgumentException("an IPv4 block embeds only in an IPv6 /96, not " + this
          + " in " + prefix);
    }
    return new IpBlock(true, prefix.address.or(address), 96 + this.prefix);
  }

  /** The IPv4 block this one maps when it lies inside the IPv6 {@code prefix} of length 96. */
  public Optional<IpBlock> unembeddedFrom(IpBlock prefix) {
    if (!prefix.ipv6 || prefix.prefix != 96 || !prefix.contains(this)) {
      return Optional.empty();
    }
    return Optional.of(new IpBlock(false, address.subtract(prefix.address), this.prefix - 96));
  }

  public boolean overlaps(IpBlock other) {
    return contains(other) || other.contains(this);
  }

  @Override
  public int compareTo(IpBlock other) {
    if (ipv6 != other.ipv6) {
      return ipv6 ? 1 : -1;
    }
    int byAddress = address.compareTo(other.address);
    return byAddress != 0 ? byAddress : Integer.compare(prefix, other.prefix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpBlock other && ipv6 == other.ipv6 && prefix == other.prefix
        && address.equals(other.address);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ipv6, address, prefix);
  }

  @Override
  public String toString() {
    return (ipv6 ? formatIpv6(address) : formatIpv4(address)) + "/" + prefix;
  }

  private static BigInteger mask(boolean ipv6, int prefix) {
    int bits = ipv6 ? 128 : 32;
    BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger host = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    return all.xor(host);
  }

  private static Optional<Integer> parsePrefix(String text) {
    if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)
        || (text.length() > 1 && text.charAt(0) == '0')) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(text));
  }

  private static Optional<BigInteger> parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    long value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
          || (part.length() > 1 && part.charAt(0) == '0')) {
        return Optional.empty();
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        return Optional.empty();
      }
      value = (value << 8) | octet;
    }
    return Optional.of(BigInteger.valueOf(value));
  }

  private static Optional<BigInteger> parseIpv6(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return Optional.empty();
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    Optional<int[]> headGroups = parseGroups(head);
    Optional<int[]> tailGroups = parseGroups(tail);
    if (headGroups.isEmpty() || tailGroups.isEmpty()) {
      return Optional.empty();
    }
    int given = headGroups.get().length + tailGroups.get().length;
    if (doubleColon >= 0 ? given > 7 : given != 8) {
      return Optional.empty();
    }
    int[] groups = new int[8];
    System.arraycopy(headGroups.get(), 0, groups, 0, headGroups.get().length);
    System.arraycopy(tailGroups.get(), 0, groups, 8 - tailGroups.get().length,
        tailGroups.get().length);
    BigInteger value = BigInteger.ZERO;
    for (int group : groups) {
      value = value.shiftLeft(16).or(BigInteger.valueOf(group));
    }
    return Optional.of(value);
  }

  private static Optional<int[]> parseGroups(String text) {
    if (text.isEmpty()) {
      return Optional.of(new int[0]);
    }
    String[] parts = text.split(":", -1);
    int[] groups = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 4
          || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return Optional.empty();
      }
      groups[i] = Integer.parseInt(part, 16);
    }
    return Optional.of(groups);
  }

  private static String formatIpv4(BigInteger value) {
    long v = value.longValue();
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }

  private static String formatIpv6(BigInteger value) {
    int[] groups = new int[8];
    for (int i = 7; i >= 0; i--) {
      groups[i] = value.intValue() & 0xffff;
      value = value.shiftRight(16);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
