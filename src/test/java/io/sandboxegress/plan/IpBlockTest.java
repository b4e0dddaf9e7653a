package io.sandboxegress.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpBlockTest {

  private static IpBlock block(String text) {
    return IpBlock.parse(text).orElseThrow();
  }

  @ParameterizedTest
  @CsvSource({
      "10.40.0.0/16, 10.40.0.0/16",
      "10.40.1.2/16, 10.40.0.0/16",
      "0.0.0.0/0, 0.0.0.0/0",
      "255.255.255.255/32, 255.255.255.255/32",
      "::/0, ::/0",
      "::1/128, ::1/128",
      "2606:50C0::/32, 2606:50c0::/32",
      "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
      "2001:0db8:0000:0000:0000:0000:0000:0001/128, 2001:db8::1/128",
      "2001:db8:0:1:1:1:1:1/128, 2001:db8:0:1:1:1:1:1/128",
      "fe80::1/10, fe80::/10",
      "1:0:0:2:0:0:0:3/128, 1:0:0:2::3/128"})
  void printsTheCanonicalForm(String input, String canonical) {
    assertThat(block(input)).hasToString(canonical);
    assertThat(IpBlock.isCanonical(canonical)).isTrue();
    assertThat(IpBlock.isCanonical(input)).isEqualTo(input.equals(canonical));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0.0", "10.0.0/8", "10.0.0.0/33", "10.0.0.256/32",
      "010.0.0.0/8", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/8/8", "1.2.3.4.5/32", "::/129",
      "1::2::3/128", "12345::/16", "g::/16", "1:2:3:4:5:6:7:8:9/128", "1:2:3:4:5:6:7/128",
      "fe80::1%eth0/64", "pypi.org/32", " 10.0.0.0/8"})
  void rejectsWhatIsNotABlock(String input) {
    assertThat(IpBlock.parse(input)).isEmpty();
  }

  @Test
  void containsNestedBlocksOfTheSameFamilyOnly() {
    assertThat(block("10.0.0.0/8").contains(block("10.40.0.0/16"))).isTrue();
    assertThat(block("10.0.0.0/8").contains(block("10.0.0.0/8"))).isTrue();
    assertThat(block("10.0.0.0/8").strictlyContains(block("10.0.0.0/8"))).isFalse();
    assertThat(block("10.40.0.0/16").contains(block("10.0.0.0/8"))).isFalse();
    assertThat(block("10.0.0.0/8").contains(block("11.0.0.0/16"))).isFalse();
    assertThat(IpBlock.IPV4_ALL.contains(block("::/0"))).isFalse();
    assertThat(IpBlock.IPV6_ALL.strictlyContains(block("fc00::/7"))).isTrue();
    assertThat(block("fc00::/7").contains(block("fd00:10:244::/56"))).isTrue();
    assertThat(block("10.0.0.0/8").overlaps(block("10.1.0.0/16"))).isTrue();
  }

  @Test
  void embedsAnIpv4BlockInANat64Prefix() {
    IpBlock nat64 = block("64:ff9b::/96");
    assertThat(block("169.254.169.254/32").embeddedIn(nat64)).hasToString("64:ff9b::a9fe:a9fe/128");
    assertThat(block("10.0.0.0/8").embeddedIn(nat64)).hasToString("64:ff9b::a00:0/104");
    assertThat(block("0.0.0.0/0").embeddedIn(nat64)).isEqualTo(nat64);
    assertThat(block("64:ff9b::a9fe:0/112").unembeddedFrom(nat64)).contains(block("169.254.0.0/16"));
    assertThat(block("64:ff9b:1::/112").unembeddedFrom(nat64)).isEmpty();
    assertThat(block("64:ff9b::/95").unembeddedFrom(nat64)).isEmpty();
    assertThatThrownBy(() -> block("fc00::/7").embeddedIn(nat64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> block("10.0.0.0/8").embeddedIn(block("64:ff9b:1::/48")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void knowsItsFirstAndLastAddress() {
    assertThat(block("10.40.0.0/16").firstAddress()).hasToString("10.40.0.0/32");
    assertThat(block("10.40.0.0/16").lastAddress()).hasToString("10.40.255.255/32");
    assertThat(block("0.0.0.0/0").lastAddress()).hasToString("255.255.255.255/32");
    assertThat(block("fd00:ec2::254/128").lastAddress()).hasToString("fd00:ec2::254/128");
    assertThat(block("fc00::/7").lastAddress())
        .hasToString("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
  }

  @Test
  void reportsItsFamily() {
    assertThat(block("140.82.112.0/20").isIpv4()).isTrue();
    assertThat(block("2606:50c0::/32").isIpv6()).isTrue();
  }

  @Test
  void sortsIpv4BeforeIpv6ThenByAddressAndPrefix() {
    assertThat(java.util.stream.Stream.of("::/0", "10.0.0.0/16", "10.0.0.0/8", "9.0.0.0/8")
        .map(IpBlockTest::block).sorted().map(IpBlock::toString))
        .containsExactly("9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "::/0");
  }
}
